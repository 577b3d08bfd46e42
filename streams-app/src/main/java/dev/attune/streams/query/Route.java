package dev.attune.streams.query;

import java.util.Objects;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where a key's state can be read from, as far as this instance knows right now.
 *
 * @param kind         how to answer
 * @param owner        the active host for {@link Kind#REMOTE}, otherwise null
 * @param localStandby whether this instance also holds a standby copy, to fall back on when the owner cannot be reached
 */
public record Route(Kind kind, HostInfo owner, boolean localStandby) {

    public enum Kind {
        /** This instance hosts the active task for the key. */
        LOCAL,
        /** Another instance hosts the active task: ask it. */
        REMOTE,
        /** Read this instance's standby copy (possibly a little behind the active). */
        STANDBY,
        /** No instance can answer now (rebalancing, restoring elsewhere, metadata not yet known). */
        UNAVAILABLE
    }

    public Route {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.REMOTE) {
            Objects.requireNonNull(owner, "a remote route needs its owner");
        }
    }

    public static Route local() {
        return new Route(Kind.LOCAL, null, false);
    }

    public static Route standby() {
        return new Route(Kind.STANDBY, null, true);
    }

    public static Route remote(HostInfo owner, boolean localStandby) {
        return new Route(Kind.REMOTE, owner, localStandby);
    }

    public static Route unavailable() {
        return new Route(Kind.UNAVAILABLE, null, false);
    }
}
