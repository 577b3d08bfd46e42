package dev.attune.streams.query;

import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Turns Kafka Streams' key metadata into a {@link Route}. Pure, so every case is unit-tested.
 *
 * <p>Hosts are compared as {@link HostInfo} (host AND port): several instances may share a host.
 */
public final class RoutingPolicy {

    private RoutingPolicy() {
    }

    /**
     * @param metadata  what {@code KafkaStreams.queryMetadataForKey} said (may be {@link KeyQueryMetadata#NOT_AVAILABLE} or null)
     * @param self      this instance's {@code application.server}; null on a single instance without one
     * @param forwarded whether another instance already forwarded this request here (the hop guard: never forward twice)
     */
    public static Route decide(KeyQueryMetadata metadata, HostInfo self, boolean forwarded) {
        if (self == null) {
            // Without application.server there are no peers to ask: every partition of this app is here or nowhere.
            return Route.local();
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata) || !isKnown(metadata.activeHost())) {
            return metadata != null && metadata.standbyHosts().contains(self) ? Route.standby() : Route.unavailable();
        }
        if (self.equals(metadata.activeHost())) {
            return Route.local();
        }
        boolean localStandby = metadata.standbyHosts().contains(self);
        if (forwarded) {
            // The sender thought we own the key; metadata disagree mid-rebalance. Answering from a standby is fine,
            // forwarding again could bounce the request between instances.
            return localStandby ? Route.standby() : Route.unavailable();
        }
        return Route.remote(metadata.activeHost(), localStandby);
    }

    private static boolean isKnown(HostInfo host) {
        return host != null && host.port() >= 0 && !HostInfo.unavailable().equals(host);
    }
}
