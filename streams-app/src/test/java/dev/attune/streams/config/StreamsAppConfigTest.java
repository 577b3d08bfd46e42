package dev.attune.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attune.schema.EventKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsAppConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldUseDocumentedDefaults() {
        StreamsAppConfig c = StreamsAppConfig.of(Map.of());

        assertThat(c.getString(StreamsAppConfig.APPLICATION_ID)).isEqualTo("attune-streams");
        assertThat(c.getInt(StreamsAppConfig.HTTP_PORT)).isEqualTo(8080);
        assertThat(c.getInt(StreamsAppConfig.INTEREST_MAX)).isEqualTo(8);
        assertThat(c.getInt(StreamsAppConfig.RECOMMEND_TOP_N)).isEqualTo(20);
        assertThat(c.getLong(StreamsAppConfig.INTEREST_HALF_LIFE_MS)).isEqualTo(7L * 24 * 3600 * 1000);
        assertThat(c.kindWeight(EventKind.PURCHASE)).isGreaterThan(c.kindWeight(EventKind.CLICK));
        Properties streams = c.streamsProperties();
        assertThat(streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(streams.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(50);
        assertThat(streams.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG))
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(streams.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(BoundedMemoryRocksDbConfig.class.getName());
        assertThat(StreamsAppConfig.documentation()).contains(StreamsAppConfig.INTEREST_ASSIGN_THRESHOLD);
    }

    @Test
    void shouldLetFileThenEnvironmentThenArgumentsOverrideAndPassUnknownKeysToKafkaStreams() throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "interest.max.interests=4\nrecommend.top.n=7\ncommit.interval.ms=250\n");

        StreamsAppConfig c = StreamsAppConfig.load(file,
                Map.of("ATTUNE_RECOMMEND_TOP_N", "9", "ATTUNE_KAFKA_NUM_STREAM_THREADS", "2", "HOME", "/x"),
                "interest.half.life.ms=1000");

        assertThat(c.getInt(StreamsAppConfig.INTEREST_MAX)).isEqualTo(4);
        assertThat(c.getInt(StreamsAppConfig.RECOMMEND_TOP_N)).isEqualTo(9);
        assertThat(c.getLong(StreamsAppConfig.INTEREST_HALF_LIFE_MS)).isEqualTo(1000L);
        Properties streams = c.streamsProperties();
        assertThat(streams.get("commit.interval.ms")).isEqualTo("250");
        assertThat(streams.get("num.stream.threads")).isEqualTo("2");
        assertThat(streams).doesNotContainKey(StreamsAppConfig.INTEREST_MAX);
    }

    @Test
    void shouldLeaveKafkaStreamsCommitIntervalUnderAtLeastOnce() {
        Properties streams = StreamsAppConfig.of(Map.of(StreamsAppConfig.PROCESSING_GUARANTEE,
                StreamsConfig.AT_LEAST_ONCE)).streamsProperties();

        assertThat(streams).doesNotContainKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    }

    @Test
    void shouldRejectMemtablesThatWouldFillTheBlockCacheTheyAreChargedTo() {
        Map<String, String> half = Map.of(StreamsAppConfig.ROCKSDB_BLOCK_CACHE_BYTES, "134217728",
                StreamsAppConfig.ROCKSDB_WRITE_BUFFER_BYTES, "67108864");
        assertThat(StreamsAppConfig.of(half).getLong(StreamsAppConfig.ROCKSDB_WRITE_BUFFER_BYTES)).isEqualTo(67108864L);
        assertThatThrownBy(() -> StreamsAppConfig.of(Map.of(StreamsAppConfig.ROCKSDB_BLOCK_CACHE_BYTES, "67108864",
                StreamsAppConfig.ROCKSDB_WRITE_BUFFER_BYTES, "67108864")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(StreamsAppConfig.ROCKSDB_WRITE_BUFFER_BYTES)
                .hasMessageContaining("at most half of " + StreamsAppConfig.ROCKSDB_BLOCK_CACHE_BYTES);
    }

    @Test
    void shouldAcceptOnlyTheCentroidWidthsTheQuantizerPacks() {
        assertThat(StreamsAppConfig.of(Map.of(StreamsAppConfig.INTEREST_CENTROID_BITS, "6"))
                .getInt(StreamsAppConfig.INTEREST_CENTROID_BITS)).isEqualTo(6);
        assertThat(StreamsAppConfig.of(Map.of()).getInt(StreamsAppConfig.INTEREST_CENTROID_BITS)).isEqualTo(4);
        assertThatThrownBy(() -> StreamsAppConfig.of(Map.of(StreamsAppConfig.INTEREST_CENTROID_BITS, "7")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be 8, 6 or 4");
        assertThatThrownBy(() -> StreamsAppConfig.of(Map.of(StreamsAppConfig.INTEREST_CENTROID_BITS, "5")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void shouldRejectAnInvalidValue() {
        assertThatThrownBy(() -> StreamsAppConfig.of(Map.of(StreamsAppConfig.INTEREST_MAX, "0")))
                .isInstanceOf(ConfigException.class);
    }
}
