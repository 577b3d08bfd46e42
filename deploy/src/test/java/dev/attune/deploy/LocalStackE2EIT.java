package dev.attune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attune.deploy.cli.Cli;
import dev.attune.deploy.process.ChildProcess;
import dev.attune.kafka.Topics;
import dev.attune.schema.ExplanationRequest;
import dev.attune.schema.RecommendedItem;
import dev.attune.schema.Recommendations;
import dev.attune.serde.SerdeFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system through its real processes, as {@code ./attune up} runs it: a KRaft broker, the
 * Apicurio registry, the embedding worker with its pretrained model and a streams app instance, each
 * its own JVM; a MovieLens slice in; recommendations out on the topic and over REST; an explanation
 * request for a newly recommended item; a request typed by hand through the CLI for a brand-new user.
 * Needs the other modules built first (the reactor build does that; alone: ./mvnw install -DskipTests).
 */
class LocalStackE2EIT {

    private static final Path REPO_ROOT = Path.of(System.getProperty("attune.repo.root", "..")).toAbsolutePath().normalize();
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 9, unit = TimeUnit.MINUTES)
    void shouldRecommendAndExplainForMovieLensUsersThroughTheRealProcesses() throws Exception {
        // Given the stack on free ports with the first five MovieLens users replayed
        StackConfig config = StackConfig.fromArgs(List.of("--data-dir", dataDir.toString(), "--users", "5",
                "--partitions", "2", "--broker-port", "0", "--controller-port", "0", "--registry-port", "0",
                "--http-port", "0", "--worker-port", "0"), Map.of());
        List<ChildProcess> children;
        try (LocalStack stack = LocalStack.start(config, REPO_ROOT)) {
            children = stack.children();
            DataLoad.Summary summary = DataLoad.runIfNeeded(config, REPO_ROOT, stack, s -> { }, System.out).orElseThrow();
            String user = summary.userToTry();
            assertThat(summary.items()).isPositive();
            assertThat(summary.queries()).isPositive();

            try (TopicReader reader = new TopicReader(stack)) {
                // Then the user's recommendations arrive on the topic...
                Recommendations latest = reader.awaitRecommendations(r -> r.getUserId().equals(user) && !r.getItems().isEmpty());
                assertThat(latest.getItems()).allSatisfy(item -> assertThat(item.getTitle()).isNotBlank());

                // ...and are served over REST by the instance
                JsonNode body = getJson(stack.httpUrls().get(0) + "/users/" + user + "/recommendations");
                assertThat(body.path("userId").asText()).isEqualTo(user);
                assertThat(body.path("items").size()).isPositive();
                // ...and the instance's retrieval cache, which that list's searches filled, is on /metrics
                String metrics = scrape(stack.httpUrls().get(0) + "/metrics");
                assertThat(gauge(metrics, "attune_refresh_cache_heap_bytes")).isPositive();
                assertThat(gauge(metrics, "attune_refresh_cache_heap_max_bytes")).isPositive();

                // ...and some newly recommended item of a MovieLens user is explained
                ExplanationRequest explanation = reader.awaitExplanation(
                        e -> reader.everRecommended(e.getUserId()).contains(e.getItemId()));
                assertThat(explanation.getPrompt()).isNotBlank();
                assertThat(explanation.getInterestLabel()).isNotBlank();

                // When a brand-new user asks in words, through the CLI a person would use
                String newcomer = "e2e-newcomer";
                int rc = Cli.run(List.of("query", newcomer, "space adventure with robots and aliens",
                        "--data-dir", dataDir.toString()));
                assertThat(rc).isZero();

                // Then the request alone gives them recommendations, and a newly recommended item is explained
                Recommendations cold = reader.awaitRecommendations(r -> r.getUserId().equals(newcomer) && !r.getItems().isEmpty());
                Set<String> coldItems = new HashSet<>(cold.getItems().stream().map(RecommendedItem::getItemId).toList());
                ExplanationRequest coldExplanation = reader.awaitExplanation(e -> e.getUserId().equals(newcomer));
                assertThat(reader.everRecommended(newcomer)).contains(coldExplanation.getItemId());
                assertThat(coldItems).isNotEmpty();
            }
        }
        // And closing the stack leaves no process behind
        assertThat(children).hasSize(4);
        assertThat(children).allSatisfy(child -> assertThat(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive))
                .as(child.name()).isNotEqualTo(java.util.Optional.of(true)));
        assertThat(Files.exists(StackFile.path(dataDir))).isFalse();
    }

    /** A Prometheus scrape of {@code url}: its text exposition. */
    private static String scrape(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    /** The value of an unlabelled gauge in a scrape's text. */
    private static double gauge(String scrape, String name) {
        return scrape.lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(name.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(name + " not in the scrape"));
    }

    private static JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> response;
        do {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return JSON.readTree(response.body());
            }
            Thread.sleep(500);   // 503 while the instance rebalances or restores
        } while (System.nanoTime() < deadline);
        throw new AssertionError(url + " answered " + response.statusCode() + ": " + response.body());
    }

    /** Reads the output topics from the beginning and remembers every list seen per user. */
    private static final class TopicReader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final SerdeFactory serdes;
        private final Map<String, Set<String>> recommendedByUser = new HashMap<>();
        private final List<Recommendations> recommendations = new ArrayList<>();
        private final List<ExplanationRequest> explanations = new ArrayList<>();

        TopicReader(LocalStack stack) {
            serdes = SerdeFactory.forUrl(stack.registryUrl());
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.RECOMMENDATIONS, Topics.EXPLANATION_REQUESTS)) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        Recommendations awaitRecommendations(Predicate<Recommendations> wanted) {
            return await(recommendations, wanted, "recommendations");
        }

        ExplanationRequest awaitExplanation(Predicate<ExplanationRequest> wanted) {
            return await(explanations, wanted, "explanation request");
        }

        Set<String> everRecommended(String user) {
            return recommendedByUser.getOrDefault(user, Set.of());
        }

        private <T extends SpecificRecord> T await(List<T> seen, Predicate<T> wanted, String what) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                for (T record : seen) {
                    if (wanted.test(record)) {
                        return record;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no matching " + what + " within " + WAIT + "; saw " + recommendations.size()
                            + " recommendation lists and " + explanations.size() + " explanation requests");
                }
                poll();
            }
        }

        private void poll() {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.value() == null) {
                    continue;
                }
                if (record.topic().equals(Topics.RECOMMENDATIONS)) {
                    Recommendations list = serdes.value(Recommendations.class).deserializer().deserialize(record.topic(), record.value());
                    recommendations.add(list);
                    list.getItems().forEach(item -> recommendedByUser
                            .computeIfAbsent(list.getUserId(), u -> new HashSet<>()).add(item.getItemId()));
                } else {
                    explanations.add(serdes.value(ExplanationRequest.class).deserializer().deserialize(record.topic(), record.value()));
                }
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
