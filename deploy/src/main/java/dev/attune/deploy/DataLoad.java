package dev.attune.deploy;

import dev.attune.deploy.load.Loader;
import dev.attune.deploy.load.Pacer;
import dev.attune.deploy.movielens.MovieLens;
import dev.attune.deploy.movielens.MovieLensEvents;
import dev.attune.serde.SerdeFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Loads MovieLens into a running stack once per data directory: a reused directory already holds
 * the events (sending them again would apply every click twice), so it is skipped unless
 * {@code --reload}. {@code loaded.properties} records what was loaded.
 */
final class DataLoad {

    static final String MARKER = "loaded.properties";
    /** Present while a load runs: if a later run finds it without {@link #MARKER}, that load was cut short. */
    static final String STARTED_MARKER = "loading";

    /** What is in the stack, for the welcome message and the tests. */
    record Summary(String dataset, long items, long clicks, long queries, String userToTry, long userEvents,
                   boolean fromEarlierRun) {
    }

    private DataLoad() {
    }

    /**
     * Loads the configured data set unless this data directory already has it. {@code beforeReplay}
     * runs once the catalogue is embedded, before clicks are replayed (the welcome message goes there,
     * so a person can watch the page fill up).
     */
    static Optional<Summary> runIfNeeded(StackConfig config, Path repoRoot, LocalStack stack,
                                         Consumer<Summary> beforeReplay, PrintStream out)
            throws InterruptedException {
        if (!config.loadsData()) {
            return Optional.empty();
        }
        Path marker = stack.dataDir().resolve(MARKER);
        if (Files.exists(marker) && !config.getBoolean(StackConfig.RELOAD)) {
            Summary earlier = readMarker(marker);
            out.println("Data already loaded into " + stack.dataDir() + " (" + earlier.dataset()
                    + "); --reload sends it again, --fresh starts over.");
            beforeReplay.accept(earlier);
            return Optional.of(earlier);
        }
        Path started = stack.dataDir().resolve(STARTED_MARKER);
        if (Files.exists(started)) {
            out.println("Warning: an earlier load into " + stack.dataDir() + " was interrupted; its events are still in the"
                    + " topics and are sent again now (applied twice). --fresh starts from a clean state.");
        }
        touch(started);
        Path dir = config.resolve(repoRoot, StackConfig.MOVIELENS_DIR);
        MovieLens data = MovieLens.read(dir, config.getInt(StackConfig.USERS));
        MovieLensEvents events = MovieLensEvents.from(data, System.currentTimeMillis());
        Summary summary = summarize(dir, config.getInt(StackConfig.USERS), events);
        out.printf("Loading MovieLens from %s: %,d movies, %,d ratings, %,d requests%n", dir, summary.items(),
                summary.clicks(), summary.queries());
        try (Loader loader = new Loader(stack.bootstrapServers(), SerdeFactory.forUrl(stack.registryUrl()))) {
            long baseline = loader.itemVectorsEndOffset();
            loader.sendItems(events.items(), events.items().size());
            loader.awaitItemVectors(baseline, events.items().size(),
                    Duration.ofMillis(config.getLong(StackConfig.WAIT_FOR_VECTORS_MS)));
            beforeReplay.accept(summary);
            loader.replay(events, new Pacer(config.speedFactor(), config.getLong(StackConfig.MAX_GAP_MS), Thread::sleep),
                    stack::checkAlive);
        }
        writeMarker(marker, summary);
        deleteIfExists(started);
        return Optional.of(summary);
    }

    /** The user to show first: the most active one among those who also asked in words. */
    static Summary summarize(Path dir, int users, MovieLensEvents events) {
        Map<String, Long> eventsByUser = events.timeline().stream()
                .collect(Collectors.groupingBy(MovieLensEvents.Timed::userId, Collectors.counting()));
        Map<String, Boolean> asked = events.timeline().stream().filter(MovieLensEvents.Timed::isQuery)
                .collect(Collectors.toMap(MovieLensEvents.Timed::userId, t -> true, (a, b) -> a));
        Function<String, Long> activity = user -> eventsByUser.get(user) + (asked.containsKey(user) ? 1_000_000L : 0);
        String user = eventsByUser.keySet().stream().max(Comparator.comparing(activity).thenComparing(Comparator.reverseOrder()))
                .orElse("");
        return new Summary(dir + (users > 0 ? " (first " + users + " users)" : ""), events.items().size(),
                events.clickCount(), events.queryCount(), user, eventsByUser.getOrDefault(user, 0L), false);
    }

    private static void touch(Path file) {
        try {
            Files.writeString(file, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeMarker(Path marker, Summary summary) {
        Properties props = new Properties();
        props.setProperty("dataset", summary.dataset());
        props.setProperty("items", String.valueOf(summary.items()));
        props.setProperty("clicks", String.valueOf(summary.clicks()));
        props.setProperty("queries", String.valueOf(summary.queries()));
        props.setProperty("user.to.try", summary.userToTry());
        props.setProperty("user.events", String.valueOf(summary.userEvents()));
        try (Writer out = Files.newBufferedWriter(marker, StandardCharsets.UTF_8)) {
            props.store(out, "what ./attune up loaded into this data directory");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Summary readMarker(Path marker) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Summary(props.getProperty("dataset", "?"), Long.parseLong(props.getProperty("items", "0")),
                Long.parseLong(props.getProperty("clicks", "0")), Long.parseLong(props.getProperty("queries", "0")),
                props.getProperty("user.to.try", ""), Long.parseLong(props.getProperty("user.events", "0")), true);
    }
}
