package dev.attune.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attune.config.EnvironmentOverrides;
import dev.attune.worker.model.ModelPreset;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

    private static final Map<String, String> REQUIRED = Map.of(WorkerConfig.SCHEMA_REGISTRY_URL, "mock://test");

    @Test
    void shouldDefaultToMiniLmOnOnnxRuntimeAndTheSharedTopicNames() {
        WorkerConfig config = new WorkerConfig(REQUIRED);

        assertThat(config.preset()).isEqualTo(ModelPreset.ALL_MINILM_L6_V2);
        assertThat(config.getString(WorkerConfig.ENGINE)).isEqualTo("OnnxRuntime");
        assertThat(config.getString(WorkerConfig.TOPIC_ITEMS)).isEqualTo("items");
        assertThat(config.getString(WorkerConfig.TOPIC_TERM_VECTORS)).isEqualTo("term-vectors");
        assertThat(config.getInt(WorkerConfig.BATCH_MAX_SIZE)).isEqualTo(32);
    }

    @Test
    void shouldLetEnvironmentOverrideTheFileAndArgumentsOverrideBoth() {
        Properties file = new Properties();
        file.setProperty(WorkerConfig.SCHEMA_REGISTRY_URL, "mock://file");
        file.setProperty(WorkerConfig.BATCH_MAX_SIZE, "8");
        file.setProperty(WorkerConfig.MODEL_PRESET, "all-MiniLM-L6-v2");
        Map<String, String> env = Map.of("ATTUNE_BATCH_MAX_SIZE", "16", "ATTUNE_MODEL_PRESET", "bge-small-en-v1.5",
                "ATTUNE_KAFKA_SECURITY_PROTOCOL", "SSL");

        WorkerConfig config = new WorkerConfig(EnvironmentOverrides.merge(file, env, "batch.max.size=64"));

        assertThat(config.getInt(WorkerConfig.BATCH_MAX_SIZE)).isEqualTo(64);
        assertThat(config.preset()).isEqualTo(ModelPreset.BGE_SMALL_EN_V15);
        assertThat(config.clientPassThrough()).containsEntry("security.protocol", "SSL")
                .doesNotContainKey(WorkerConfig.BATCH_MAX_SIZE);
    }

    @Test
    void shouldRejectAnUnknownEngineOrPreset() {
        assertThatThrownBy(() -> new WorkerConfig(Map.of(WorkerConfig.SCHEMA_REGISTRY_URL, "mock://x", WorkerConfig.ENGINE, "TensorFlow")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> new WorkerConfig(Map.of(WorkerConfig.SCHEMA_REGISTRY_URL, "mock://x", WorkerConfig.MODEL_PRESET, "gpt-9")).preset())
                .isInstanceOf(ConfigException.class).hasMessageContaining("all-MiniLM-L6-v2");
    }

    @Test
    void shouldRequireTheSchemaRegistryUrl() {
        assertThatThrownBy(() -> new WorkerConfig(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(WorkerConfig.SCHEMA_REGISTRY_URL);
    }

    @Test
    void shouldMakeTheTransactionalIdFromApplicationAndInstance() {
        WorkerConfig config = new WorkerConfig(Map.of(WorkerConfig.SCHEMA_REGISTRY_URL, "mock://x",
                WorkerConfig.APPLICATION_ID, "app", WorkerConfig.INSTANCE_ID, "pod-3"));

        assertThat(config.transactionalId()).isEqualTo("app-pod-3");
    }
}
