package dev.attune.streams.model;

import dev.attune.schema.EventKind;
import dev.attune.streams.config.StreamsAppConfig;
import java.util.EnumMap;
import java.util.Map;

/**
 * How much one event counts: the kind's weight times a dwell factor
 * {@code clamp(sqrt(dwell / reference), min, max)} (a square root, because the fifth minute on a
 * page says less than the first). Events without a dwell time get factor 1.
 */
public final class EventWeights {

    private final Map<EventKind, Double> byKind = new EnumMap<>(EventKind.class);
    private final long dwellReferenceMs;
    private final double dwellMin;
    private final double dwellMax;

    public EventWeights(Map<EventKind, Double> byKind, long dwellReferenceMs, double dwellMin, double dwellMax) {
        this.byKind.putAll(byKind);
        this.dwellReferenceMs = dwellReferenceMs;
        this.dwellMin = dwellMin;
        this.dwellMax = dwellMax;
    }

    public static EventWeights from(StreamsAppConfig c) {
        Map<EventKind, Double> byKind = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.values()) {
            if (kind != EventKind.UNKNOWN) {
                byKind.put(kind, c.kindWeight(kind));
            }
        }
        return new EventWeights(byKind, c.getLong(StreamsAppConfig.DWELL_REFERENCE_MS),
                c.getDouble(StreamsAppConfig.DWELL_MIN_FACTOR), c.getDouble(StreamsAppConfig.DWELL_MAX_FACTOR));
    }

    /** The event's weight (a magnitude; whether it pulls or pushes is {@link StreamsAppConfig#isNegative}). */
    public double weight(EventKind kind, Long dwellMillis) {
        double base = byKind.getOrDefault(kind, 0.0);
        if (dwellMillis == null || dwellMillis < 0) {
            return base;
        }
        double factor = Math.sqrt((double) dwellMillis / dwellReferenceMs);
        return base * Math.max(dwellMin, Math.min(dwellMax, factor));
    }
}
