package dev.attune.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class RoutingPolicyTest {

    private static final HostInfo SELF = new HostInfo("10.0.0.1", 8080);
    private static final HostInfo SAME_HOST_OTHER_PORT = new HostInfo("10.0.0.1", 8081);
    private static final HostInfo OTHER = new HostInfo("10.0.0.2", 8080);

    private static KeyQueryMetadata owner(HostInfo active, HostInfo... standbys) {
        return new KeyQueryMetadata(active, Set.of(standbys), 3);
    }

    @Test
    void shouldReadLocallyWhenThisInstanceIsTheActiveHost() {
        assertThat(RoutingPolicy.decide(owner(new HostInfo("10.0.0.1", 8080)), SELF, false)).isEqualTo(Route.local());
    }

    @Test
    void shouldForwardWhenAnotherInstanceOnTheSameHostOwnsTheKey() {
        Route route = RoutingPolicy.decide(owner(SAME_HOST_OTHER_PORT), SELF, false);

        assertThat(route.kind()).isEqualTo(Route.Kind.REMOTE);
        assertThat(route.owner()).isEqualTo(SAME_HOST_OTHER_PORT);
        assertThat(route.localStandby()).isFalse();
    }

    @Test
    void shouldForwardButRememberTheLocalStandbyWhenThisInstanceHoldsOne() {
        Route route = RoutingPolicy.decide(owner(OTHER, SELF), SELF, false);

        assertThat(route).isEqualTo(Route.remote(OTHER, true));
    }

    @Test
    void shouldServeTheStandbyInsteadOfForwardingAgainWhenTheRequestWasAlreadyForwarded() {
        assertThat(RoutingPolicy.decide(owner(OTHER, SELF), SELF, true)).isEqualTo(Route.standby());
    }

    @Test
    void shouldBeUnavailableInsteadOfForwardingAgainWhenForwardedWithoutAStandby() {
        assertThat(RoutingPolicy.decide(owner(OTHER), SELF, true)).isEqualTo(Route.unavailable());
    }

    @Test
    void shouldBeUnavailableWhenKafkaStreamsHasNoMetadataForTheKey() {
        assertThat(RoutingPolicy.decide(KeyQueryMetadata.NOT_AVAILABLE, SELF, false)).isEqualTo(Route.unavailable());
        assertThat(RoutingPolicy.decide(null, SELF, false)).isEqualTo(Route.unavailable());
    }

    @Test
    void shouldServeTheStandbyWhenNoActiveIsKnownButThisInstanceHoldsAStandby() {
        KeyQueryMetadata noActive = new KeyQueryMetadata(HostInfo.unavailable(), Set.of(SELF), 3);

        assertThat(RoutingPolicy.decide(noActive, SELF, false)).isEqualTo(Route.standby());
    }

    @Test
    void shouldReadLocallyOnASingleInstanceWithoutApplicationServer() {
        assertThat(RoutingPolicy.decide(KeyQueryMetadata.NOT_AVAILABLE, null, false)).isEqualTo(Route.local());
    }
}
