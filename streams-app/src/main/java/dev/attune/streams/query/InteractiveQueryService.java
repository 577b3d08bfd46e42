package dev.attune.streams.query;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads per-user state from wherever it lives: this instance's active store, its standby copy, or
 * (by telling the caller) another instance. Never waits or retries itself: an unavailable key is
 * reported at once so that the HTTP layer can answer 503 with Retry-After instead of spinning.
 */
public final class InteractiveQueryService {

    private static final Serializer<String> KEY_SERIALIZER = Serdes.String().serializer();

    private final KafkaStreams streams;
    private final HostInfo self;
    private final RestorationTracker restoration;
    private final Readiness readiness = new Readiness();

    /**
     * @param self        this instance's {@code application.server}, or null on a single instance without one
     * @param restoration the tracker registered on {@code streams} before start, or null when none was
     */
    public InteractiveQueryService(KafkaStreams streams, HostInfo self, RestorationTracker restoration) {
        this.streams = streams;
        this.self = self;
        this.restoration = restoration;
    }

    /** Parses {@code application.server} ("host:port"); blank means a single instance. */
    public static HostInfo parseSelf(String applicationServer) {
        return applicationServer == null || applicationServer.isBlank() ? null : HostInfo.buildFromEndpoint(applicationServer);
    }

    public HostInfo self() {
        return self;
    }

    /** Where {@code key} of {@code store} can be read; {@code forwarded} is the hop guard. */
    public Route route(String store, String key, boolean forwarded) {
        return RoutingPolicy.decide(metadata(store, key), self, forwarded);
    }

    /** Looks {@code key} up, reading locally when this instance may answer; otherwise says who can. */
    public <V> QueryResult<V> get(String store, String key, boolean forwarded) {
        KeyQueryMetadata metadata = metadata(store, key);
        Route route = RoutingPolicy.decide(metadata, self, forwarded);
        Integer partition = metadata == null || metadata.partition() < 0 ? null : metadata.partition();
        return switch (route.kind()) {
            case LOCAL -> readActive(store, key, partition);
            case STANDBY -> readStale(store, key, partition);
            case REMOTE -> new QueryResult.Remote<>(route.owner(), route.localStandby());
            case UNAVAILABLE -> new QueryResult.Unavailable<>("no instance can serve this key right now");
        };
    }

    /** Reads this instance's standby (or restoring) copy of {@code key}: the fallback when its owner is unreachable. */
    public <V> QueryResult<V> getStale(String store, String key) {
        KeyQueryMetadata metadata = metadata(store, key);
        return readStale(store, key, metadata == null || metadata.partition() < 0 ? null : metadata.partition());
    }

    /** See {@link Readiness}: RUNNING with nothing restoring at start; then through rebalances too. */
    public boolean ready() {
        return readiness.ready(streams.state(), restoration != null && restoration.restoring());
    }

    /** Whether the instance can still recover by itself (anything but ERROR, PENDING_ERROR, NOT_RUNNING, PENDING_SHUTDOWN). */
    public boolean live() {
        KafkaStreams.State state = streams.state();
        return state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public int restoringPartitions() {
        return restoration == null ? 0 : restoration.restoringPartitions();
    }

    /** Every instance, sorted by host and port, with what it hosts. */
    public List<InstanceInfo> instances() {
        return streams.metadataForAllStreamsClients().stream()
                .sorted(Comparator.comparing((StreamsMetadata m) -> m.host()).thenComparingInt(StreamsMetadata::port))
                .map(this::describe)
                .toList();
    }

    private InstanceInfo describe(StreamsMetadata m) {
        return new InstanceInfo(m.host(), m.port(), m.hostInfo().equals(self), names(m.topicPartitions()),
                names(m.standbyTopicPartitions()), sorted(m.stateStoreNames()), sorted(m.standbyStateStoreNames()));
    }

    private KeyQueryMetadata metadata(String store, String key) {
        if (self == null) {
            return null;
        }
        try {
            return streams.queryMetadataForKey(store, key, KEY_SERIALIZER);
        } catch (IllegalStateException | InvalidStateStoreException e) {
            // Not started yet, or shutting down: nothing to route to.
            return KeyQueryMetadata.NOT_AVAILABLE;
        }
    }

    private <V> QueryResult<V> readActive(String store, String key, Integer partition) {
        try {
            return found(this.<V>store(store, partition, false).get(key), false);
        } catch (InvalidStateStoreException activeNotReady) {
            // The active is restoring or migrating: its restoring copy is still a consistent (older) state.
            return readStale(store, key, partition);
        }
    }

    private <V> QueryResult<V> readStale(String store, String key, Integer partition) {
        try {
            return found(this.<V>store(store, partition, true).get(key), true);
        } catch (InvalidStateStoreException e) {
            return new QueryResult.Unavailable<>("store " + store + " is not queryable on this instance right now");
        }
    }

    private static <V> QueryResult<V> found(V value, boolean stale) {
        return value == null ? new QueryResult.NotFound<>() : new QueryResult.Found<>(value, stale);
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String store, Integer partition, boolean stale) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> params =
                StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore());
        if (partition != null) {
            params = params.withPartition(partition);
        }
        if (stale) {
            params = params.enableStaleStores();
        }
        return streams.store(params);
    }

    private static List<String> names(Set<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::toString).sorted().toList();
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
