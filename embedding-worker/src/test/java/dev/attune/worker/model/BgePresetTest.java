package dev.attune.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.vector.Vectors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The second preset loads from its own Maven Central jar and embeds sensibly with CLS pooling. */
class BgePresetTest {

    @Test
    void shouldLoadBgeSmallAndPlaceParaphrasesCloserThanUnrelatedText() {
        try (TextEncoder bge = TextEncoder.open(ModelPreset.BGE_SMALL_EN_V15)) {
            float[][] v = bge.embed(List.of("a cat sits on the mat", "a kitten is sitting on a rug", "the stock market crashed today"));
            float[] query = bge.embedQueries(List.of("cats"))[0];

            assertThat(bge.modelId()).isEqualTo("bge-small-en-v1.5");
            assertThat(bge.dimension()).isEqualTo(384);
            assertThat(Vectors.dot(v[0], v[1])).isGreaterThan(Vectors.dot(v[0], v[2]) + 0.2f);
            assertThat(Vectors.dot(query, v[0])).isGreaterThan(Vectors.dot(query, v[2]));
        }
    }
}
