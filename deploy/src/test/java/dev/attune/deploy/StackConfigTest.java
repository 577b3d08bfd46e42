package dev.attune.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class StackConfigTest {

    @Test
    void shouldUseDocumentedDefaultsWithoutArguments() {
        StackConfig config = StackConfig.fromArgs(List.of(), Map.of());

        assertThat(config.getString(StackConfig.DATA_DIR)).isEqualTo(".attune");
        assertThat(config.getBoolean(StackConfig.FRESH)).isFalse();
        assertThat(config.speedFactor()).isZero();
        assertThat(config.getInt(StackConfig.INSTANCES)).isEqualTo(1);
        assertThat(config.loadsData()).isTrue();
    }

    @Test
    void shouldReadFlagsWithSpaceOrEqualsAndBareBooleans() {
        StackConfig config = StackConfig.fromArgs(
                List.of("--fresh", "--speed", "86400", "--instances=2", "--http-port", "0", "--data", "none"), Map.of());

        assertThat(config.getBoolean(StackConfig.FRESH)).isTrue();
        assertThat(config.speedFactor()).isEqualTo(86400.0);
        assertThat(config.getInt(StackConfig.INSTANCES)).isEqualTo(2);
        assertThat(config.getInt(StackConfig.HTTP_PORT)).isZero();
        assertThat(config.loadsData()).isFalse();
    }

    @Test
    void shouldTakeEnvironmentVariablesUnlessAFlagSaysOtherwise() {
        Map<String, String> env = Map.of("ATTUNE_PARTITIONS", "8", "ATTUNE_SPEED", "3600", "ATTUNE_KAFKA_ACKS", "all");

        StackConfig config = StackConfig.fromArgs(List.of("--speed", "max"), env);

        assertThat(config.getInt(StackConfig.PARTITIONS)).isEqualTo(8);
        assertThat(config.speedFactor()).isZero();
    }

    @Test
    void shouldRejectUnknownOptionsNamingTheKnownOnes() {
        assertThatThrownBy(() -> StackConfig.fromArgs(List.of("--sped", "max"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--sped").hasMessageContaining("--speed");
    }

    @Test
    void shouldRejectASpeedThatIsNeitherMaxNorPositive() {
        assertThatThrownBy(() -> StackConfig.fromArgs(List.of("--speed", "-2"), Map.of())).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> StackConfig.fromArgs(List.of("--speed", "fast"), Map.of())).isInstanceOf(ConfigException.class);
    }
}
