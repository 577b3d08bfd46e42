package dev.attune.streams.query;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether an instance should receive REST traffic (a load balancer's or Kubernetes' readiness).
 *
 * <p>At start an instance is ready once it is RUNNING with nothing restoring: before that it holds no
 * queryable state. After that it stays ready through rebalances and through restoring tasks that move
 * to it: every instance rebalances at the same moment, so dropping out then would take the whole
 * service out of rotation at once, while each request is still answered correctly (from the owner,
 * by forwarding, or with a 503 for the few users whose store is moving).
 */
public final class Readiness {

    private final AtomicBoolean servedOnce = new AtomicBoolean();

    public boolean ready(KafkaStreams.State state, boolean restoring) {
        if (state == KafkaStreams.State.RUNNING && !restoring) {
            servedOnce.set(true);
            return true;
        }
        return servedOnce.get() && state.isRunningOrRebalancing();
    }
}
