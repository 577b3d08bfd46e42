package dev.attune.worker;

import dev.attune.serde.SerdeFactory;
import dev.attune.testkit.TestKafka;
import dev.attune.worker.config.WorkerConfig;
import dev.attune.worker.metrics.WorkerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Topics, clients and worker threads for one broker test, on the shared test broker with unique names. */
final class WorkerHarness implements AutoCloseable {

    final String bootstrap = TestKafka.bootstrapServers();
    final String registryUrl = "mock://" + TestKafka.unique("worker-it");
    final SerdeFactory serdes = SerdeFactory.forUrl(registryUrl);
    final String items = TestKafka.unique("items");
    final String queries = TestKafka.unique("queries");
    final String itemVectors = TestKafka.unique("item-vectors");
    final String queryVectors = TestKafka.unique("query-vectors");
    final String termVectors = TestKafka.unique("term-vectors");
    final String deadLetters = TestKafka.unique("dead-letter");
    final String group = TestKafka.unique("embedding-worker");
    private final KafkaProducer<String, byte[]> producer;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Sent> sent = new ArrayList<>();
    private final List<EmbeddingWorker> workers = new ArrayList<>();

    WorkerHarness() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            topics.add(new NewTopic(items, 2, (short) 1));
            topics.add(new NewTopic(queries, 2, (short) 1));
            for (String t : List.of(itemVectors, queryVectors, termVectors, deadLetters)) {
                topics.add(new NewTopic(t, 1, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // One request in flight: on a just-created topic the broker can answer NOT_LEADER to the first batch while it
        // appends the next ones, and the idempotent producer then retries the first with an out-of-order sequence until
        // delivery.timeout.ms (a test stalled two minutes on it).
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        for (String topic : List.of(items, queries)) {
            while (producer.partitionsFor(topic).stream().anyMatch(info -> info.leader() == null)) {
                Thread.sleep(50);
            }
        }
    }

    Map<String, Object> workerSettings(String instance, Map<String, Object> extra) {
        Map<String, Object> s = new HashMap<>();
        s.put(WorkerConfig.BOOTSTRAP_SERVERS, bootstrap);
        s.put(WorkerConfig.SCHEMA_REGISTRY_URL, registryUrl);
        s.put(WorkerConfig.APPLICATION_ID, group);
        s.put(WorkerConfig.INSTANCE_ID, instance);
        s.put(WorkerConfig.TOPIC_ITEMS, items);
        s.put(WorkerConfig.TOPIC_QUERIES, queries);
        s.put(WorkerConfig.TOPIC_ITEM_VECTORS, itemVectors);
        s.put(WorkerConfig.TOPIC_QUERY_VECTORS, queryVectors);
        s.put(WorkerConfig.TOPIC_TERM_VECTORS, termVectors);
        s.put(WorkerConfig.TOPIC_DEAD_LETTER, deadLetters);
        s.put(WorkerConfig.METRICS_PORT, -1);
        s.put(WorkerConfig.POLL_TIMEOUT_MS, 50);
        s.putAll(extra);
        return s;
    }

    /** Starts a worker on its own thread; {@code failure} receives what ended the thread abnormally. */
    EmbeddingWorker start(String instance, Map<String, Object> extra, EmbeddingWorker.BeforeCommit hook,
                          AtomicReference<Throwable> failure) {
        EmbeddingWorker worker = new EmbeddingWorker(new WorkerConfig(workerSettings(instance, extra)), SharedEncoder.get(),
                KafkaClients.REAL, new WorkerMetrics(new SimpleMeterRegistry()));
        worker.beforeCommit(hook);
        Thread thread = new Thread(worker, "worker-" + instance);
        thread.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        thread.start();
        threads.add(thread);
        workers.add(worker);
        return worker;
    }

    private record Sent(ProducerRecord<String, byte[]> record, Future<RecordMetadata> result) {
    }

    void send(String topic, String key, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        sent.add(new Sent(record, producer.send(record)));
    }

    /**
     * Waits until every record sent is written. A topic created a moment ago can fail a first send
     * (no leader known yet): such records are sent again, so a test never runs on missing input.
     */
    void flush() throws Exception {
        for (int attempt = 0; attempt < 5 && !sent.isEmpty(); attempt++) {
            producer.flush();
            List<Sent> failed = new ArrayList<>();
            for (Sent s : sent) {
                try {
                    s.result().get();
                } catch (ExecutionException e) {
                    failed.add(s);
                }
            }
            sent.clear();
            failed.forEach(s -> sent.add(new Sent(s.record(), producer.send(s.record()))));
        }
        if (!sent.isEmpty()) {
            throw new IllegalStateException(sent.size() + " test records could not be written");
        }
    }

    /** Every record of {@code topic} up to its end, waiting until at least {@code atLeast} arrived. */
    List<ConsumerRecord<String, byte[]>> read(String topic, String isolation, int atLeast, Duration timeout) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, TestKafka.unique("reader"));
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
                if (out.size() >= atLeast && caughtUp(consumer)) {
                    break;
                }
            }
        }
        return out;
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer) {
        var assignment = consumer.assignment();
        if (assignment.isEmpty()) {
            return false;
        }
        var ends = consumer.endOffsets(assignment);
        return assignment.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
    }

    @Override
    public void close() throws InterruptedException {
        for (EmbeddingWorker w : workers) {
            try {
                w.stop();
            } catch (RuntimeException e) {
                // a worker that crashed on purpose has closed its consumer already
            }
        }
        for (Thread t : threads) {
            t.join(15_000);
        }
        producer.close();
    }
}
