package dev.attune.bench.quality.vectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VectorCacheTest {

    @TempDir
    Path dir;

    @Test
    void shouldEmbedOnlyUncachedTextsAndSurviveARestart() throws Exception {
        CountingEmbedder embedder = new CountingEmbedder("m1");
        new VectorCache(dir, "m1").vectors(List.of("alpha", "beta", "alpha"), embedder);

        // When a new cache over the same directory is asked for one old and one new text
        VectorCache reopened = new VectorCache(dir, "m1");
        Map<String, float[]> vectors = reopened.vectors(List.of("beta", "gamma"), embedder);

        // Then only the new text reached the model, and the cached vector came back intact
        assertThat(embedder.seen).containsExactly("alpha", "beta", "gamma");
        assertThat(vectors.get("beta")).containsExactly(4f, 1f);
        assertThat(reopened.hits()).isEqualTo(1);
        assertThat(reopened.misses()).isEqualTo(1);
    }

    @Test
    void shouldKeepModelsApartAndIgnoreATruncatedLastRecord() throws Exception {
        CountingEmbedder m1 = new CountingEmbedder("m1");
        VectorCache cache = new VectorCache(dir, "m1");
        cache.vectors(List.of("alpha"), m1);
        Files.write(cache.file(), new byte[]{1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);

        CountingEmbedder m2 = new CountingEmbedder("m2");
        new VectorCache(dir, "m2").vectors(List.of("alpha"), m2);
        new VectorCache(dir, "m1").vectors(List.of("alpha", "delta"), m1);
        Map<String, float[]> afterRepair = new VectorCache(dir, "m1").vectors(List.of("alpha", "delta"), m1);

        assertThat(m2.seen).containsExactly("alpha");
        assertThat(m1.seen).containsExactly("alpha", "delta");
        assertThat(afterRepair.get("delta")).containsExactly(5f, 1f);
    }

    /** Fake model: vector = (text length, 1); records what it was asked to embed. */
    private static final class CountingEmbedder implements TextEmbedder {
        final String model;
        final List<String> seen = new ArrayList<>();

        CountingEmbedder(String model) {
            this.model = model;
        }

        @Override
        public String modelId() {
            return model;
        }

        @Override
        public List<float[]> embed(List<String> texts) {
            seen.addAll(texts);
            return texts.stream().map(t -> new float[]{t.length(), 1f}).toList();
        }
    }
}
