package dev.attune.bench.pipeline;

import dev.attune.streams.catalogue.Catalogue;
import dev.attune.streams.catalogue.Vocabulary;
import dev.attune.streams.config.StreamsAppConfig;
import dev.attune.streams.topology.AttuneTopology;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * A KafkaStreams instance in this JVM running either the streams app's own topology
 * ({@link AttuneTopology#build}, exactly as {@code StreamsAppMain} builds it) or a given one (the
 * pass-through baseline), with the same properties.
 */
public final class RunningApp implements AutoCloseable {

    private final KafkaStreams streams;
    private final Catalogue catalogue;
    private final Vocabulary vocabulary;
    private final long startedNanos;
    private final long runningNanos;

    private RunningApp(KafkaStreams streams, Catalogue catalogue, Vocabulary vocabulary, long startedNanos,
                       long runningNanos) {
        this.streams = streams;
        this.catalogue = catalogue;
        this.vocabulary = vocabulary;
        this.startedNanos = startedNanos;
        this.runningNanos = runningNanos;
    }

    /**
     * The real app; returns once it is RUNNING, its catalogue holds {@code items} items and their index is one graph.
     * A freshly loaded index is in several segments until the first searches start a background merge into one,
     * which keeps a core busy for tens of seconds at 10k items: timed traffic must not share the machine with it.
     */
    public static RunningApp attune(StreamsAppConfig config, int items, StateRestoreListener restores) {
        Catalogue catalogue = AttuneTopology.newCatalogue(config);
        Vocabulary vocabulary = AttuneTopology.newVocabulary(config);
        RunningApp app = start(AttuneTopology.build(config, catalogue, vocabulary), config.streamsProperties(),
                catalogue, vocabulary, restores);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (catalogue.size() < items) {
            if (System.nanoTime() > deadline) {
                app.close();
                throw new IllegalStateException("catalogue has " + catalogue.size() + " of " + items + " items after 5 min");
            }
            sleep(100);
        }
        long merging = System.nanoTime();
        float[] probe = new float[config.getInt(StreamsAppConfig.VECTOR_DIMENSION)];
        probe[0] = 1;
        while (catalogue.segments() > 1) {
            if (System.nanoTime() > deadline) {
                app.close();
                throw new IllegalStateException("catalogue index still in " + catalogue.segments() + " segments after 5 min");
            }
            catalogue.nearest(probe, 1); // a search starts the merge and picks up its result
            sleep(100);
        }
        System.out.printf(Locale.ROOT, "attune: catalogue of %d items indexed in one graph %.1f s after it was loaded%n",
                items, (System.nanoTime() - merging) / 1e9);
        return app;
    }

    /** Any topology with the given properties (the pass-through baseline). */
    public static RunningApp other(Topology topology, Properties props) {
        return start(topology, props, null, null, null);
    }

    private static RunningApp start(Topology topology, Properties props, Catalogue catalogue, Vocabulary vocabulary,
                                    StateRestoreListener restores) {
        KafkaStreams streams = new KafkaStreams(topology, props);
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        if (restores != null) {
            streams.setGlobalStateRestoreListener(restores);
        }
        long started = System.nanoTime();
        streams.start();
        try {
            if (!running.await(5, TimeUnit.MINUTES)) {
                streams.close(Duration.ofSeconds(10));
                throw new IllegalStateException("app not RUNNING after 5 min (state " + streams.state() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new RunningApp(streams, catalogue, vocabulary, started, System.nanoTime());
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** System.nanoTime() when the app first reached RUNNING. */
    public long runningNanos() {
        return runningNanos;
    }

    /** Seconds from start() to the first RUNNING state (includes restoring state from changelogs). */
    public double secondsToRunning() {
        return (runningNanos - startedNanos) / 1e9;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        // A stream thread may be deep in a backlog; the catalogue is only closed once no thread can use it any more.
        if (!streams.close(Duration.ofMinutes(2))) {
            System.err.println("warning: Kafka Streams did not stop within 2 min; the harness exits without waiting");
            return;
        }
        if (catalogue != null) {
            catalogue.close();
        }
        if (vocabulary != null) {
            vocabulary.close();
        }
    }
}
