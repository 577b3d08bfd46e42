package dev.attune.streams;

import dev.attune.streams.catalogue.Catalogue;
import dev.attune.streams.catalogue.Vocabulary;
import dev.attune.streams.http.ApiServer;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.recommend.RetrievalCache;
import dev.attune.streams.recommend.RetrievalCacheMeters;
import dev.attune.streams.topology.AttuneTopology;
import dev.attune.vector.Vectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the streams app: {@code [--config FILE] [key=value ...]}, with {@code ATTUNE_*}
 * environment variables in between (see {@link StreamsAppConfig}); {@code --help} prints every key.
 */
public final class StreamsAppMain {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsAppMain.class);

    private StreamsAppMain() {
    }

    public static void main(String[] args) throws Exception {
        // DJL is not used here, but keep the project-wide promise: nothing calls home.
        System.setProperty("ai.djl.offline", "true");
        Path file = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help")) {
                System.out.println(StreamsAppConfig.documentation());
                return;
            } else if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else {
                overrides.add(args[i]);
            }
        }
        StreamsAppConfig config = StreamsAppConfig.load(file, System.getenv(), overrides.toArray(String[]::new));
        run(config);
    }

    static void run(StreamsAppConfig config) throws InterruptedException {
        Catalogue catalogue = AttuneTopology.newCatalogue(config);
        Vocabulary vocabulary = AttuneTopology.newVocabulary(config);
        RetrievalCache.Shared searchHits = AttuneTopology.newRetrievalCache(config);
        Topology topology = AttuneTopology.build(config, catalogue, vocabulary, searchHits);
        LOG.info("topology:\n{}", topology.describe());
        LOG.info("vector dot products: {}", Vectors.dotImplementation());
        KafkaStreams streams = new KafkaStreams(topology, config.streamsProperties());
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            LOG.info("state {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        // A thread that dies of an unexpected error (bad input is dead-lettered, not thrown) is replaced;
        // its tasks restart from the last committed state, so exactly-once holds.
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        // The REST server starts before the streams instance so it can register the restore listener
        // (readiness reports restoration progress); it answers 503 until the instance is RUNNING.
        ApiServer api = ApiServer.start(streams, config, catalogue);
        RetrievalCacheMeters.bind(api.registry(), searchHits);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            streams.close();
            catalogue.close();
            vocabulary.close();
        }, "attune-streams-shutdown"));
        streams.start();

        stopped.await();
    }
}
