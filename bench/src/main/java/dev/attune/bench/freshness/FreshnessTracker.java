package dev.attune.bench.freshness;

import dev.attune.bench.load.LoadEvent;
import dev.attune.bench.load.LoadGenerator;
import dev.attune.bench.load.Stats;
import dev.attune.schema.EventKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Matches every written event with the first recommendation list that reflects it: a list
 * reflects an event when its {@code clock} (the user's event-time clock when it was computed)
 * has reached the event's time; the generator stamps each event with the wall clock when it
 * writes it, so freshness = time the list is read - time the event was written. An event is
 * <i>leading-edge</i> when the same user wrote nothing in the refresh interval before it, so the
 * throttle lets it refresh at once; later events in the interval wait for the throttle by design.
 */
public final class FreshnessTracker implements LoadGenerator.Listener {

    /** What an event was, for the report. */
    public enum Type { CLICK, DISLIKE, QUERY }

    private record Pending(long eventTime, Type type, boolean leading) {
    }

    private final long throttleMs;
    private final Map<String, ArrayDeque<Pending>> pending = new HashMap<>();
    private final Map<String, Long> lastWrite = new HashMap<>();
    private final Map<Type, List<Long>> all = new EnumMap<>(Type.class);
    private final Map<Type, List<Long>> leading = new EnumMap<>(Type.class);
    private final List<Long> toCompute = new ArrayList<>();
    private final List<Long> toRead = new ArrayList<>();
    /** The largest leading-edge written -> computed of each second of the recording (0: the first) it was written in. */
    private final Map<Long, Long> worstToComputeBySecond = new TreeMap<>();
    /** When the recording's first event was written. */
    private long recordingSince = -1;
    private volatile boolean recording;
    private long written;

    public FreshnessTracker(long throttleMs) {
        this.throttleMs = throttleMs;
        for (Type t : Type.values()) {
            all.put(t, new ArrayList<>());
            leading.put(t, new ArrayList<>());
        }
    }

    /** Events written while not recording (warm-up) are matched but not counted. */
    public synchronized void recording(boolean on) {
        if (on && !recording) {
            recordingSince = -1;
        }
        recording = on;
    }

    @Override
    public synchronized void sent(LoadEvent event, long eventTimeMs) {
        Long previous = lastWrite.put(event.userId(), eventTimeMs);
        boolean isLeading = previous == null || eventTimeMs - previous >= throttleMs;
        if (!recording) {
            pending.computeIfAbsent(event.userId(), u -> new ArrayDeque<>()).add(new Pending(eventTimeMs, null, isLeading));
            return;
        }
        written++;
        if (recordingSince < 0) {
            recordingSince = eventTimeMs;
        }
        Type type = event instanceof LoadEvent.Query ? Type.QUERY
                : ((LoadEvent.Click) event).kind() == EventKind.DISLIKE ? Type.DISLIKE : Type.CLICK;
        pending.computeIfAbsent(event.userId(), u -> new ArrayDeque<>()).add(new Pending(eventTimeMs, type, isLeading));
    }

    /**
     * A list for {@code userId}, reflecting events up to event time {@code clockMs}, computed at
     * wall-clock {@code computedMs}, was read at {@code readMs}.
     */
    public synchronized void listRead(String userId, long clockMs, long computedMs, long readMs) {
        ArrayDeque<Pending> queue = pending.get(userId);
        while (queue != null && !queue.isEmpty() && queue.peek().eventTime() <= clockMs) {
            Pending p = queue.poll();
            if (p.type() != null) {
                long latency = readMs - p.eventTime();
                all.get(p.type()).add(latency);
                if (p.leading()) {
                    leading.get(p.type()).add(latency);
                    // Written -> computed (queueing + processing) vs computed -> readable (commit + fetch).
                    long untilComputed = computedMs - p.eventTime();
                    toCompute.add(untilComputed);
                    toRead.add(readMs - computedMs);
                    worstToComputeBySecond.merge(Math.max(0, p.eventTime() - recordingSince) / 1000, untilComputed,
                            Math::max);
                }
            }
        }
    }

    public synchronized long written() {
        return written;
    }

    public synchronized long matched() {
        return all.values().stream().mapToLong(List::size).sum();
    }

    public synchronized Stats stats(Type type, boolean leadingOnly) {
        return new Stats((leadingOnly ? leading : all).get(type).stream().mapToLong(Long::longValue).toArray());
    }

    /** Leading-edge events: written -> list computed ({@code true}) or list computed -> list readable. */
    public synchronized Stats split(boolean untilComputed) {
        return new Stats((untilComputed ? toCompute : toRead).stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * Leading-edge events' written -> computed, the largest of each second of the recording in order: a stall (a
     * pause of the stream threads, a burst of work) shows as a run of seconds far above the rest, queueing near the
     * maximum rate as a rise over many. The p99 of a 30 s window is set by its worst 0.3 s.
     */
    public synchronized String worstBySecond() {
        return worstToComputeBySecond.values().stream().map(String::valueOf).collect(Collectors.joining(" "));
    }

    /** Forgets everything measured (between two rates). */
    public synchronized void reset() {
        worstToComputeBySecond.clear();
        toCompute.clear();
        toRead.clear();
        all.values().forEach(List::clear);
        leading.values().forEach(List::clear);
        pending.clear();
        written = 0;
    }
}
