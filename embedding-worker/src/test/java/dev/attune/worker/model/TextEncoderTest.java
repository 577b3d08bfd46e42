package dev.attune.worker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.attune.vector.Vectors;
import dev.attune.worker.SharedEncoder;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextEncoderTest {

    private final TextEncoder encoder = SharedEncoder.get();

    @Test
    void shouldPlaceParaphrasesFarCloserThanAnUnrelatedSentence() {
        float[][] v = encoder.embed(List.of("a cat sits on the mat", "a kitten is sitting on a rug",
                "the stock market crashed today"));

        float paraphrase = Vectors.dot(v[0], v[1]);
        float unrelated = Vectors.dot(v[0], v[2]);

        assertThat(paraphrase).isGreaterThan(0.5f);
        assertThat(paraphrase - unrelated).isGreaterThan(0.4f);
    }

    @Test
    void shouldReturnUnitVectorsOfTheModelDimension() {
        float[][] v = encoder.embed(List.of("space opera", "a quiet French drama about two sisters"));

        assertThat(encoder.dimension()).isEqualTo(384);
        for (float[] row : v) {
            assertThat(row).hasSize(384);
            assertThat(Vectors.norm(row)).isCloseTo(1f, within(1e-4f));
        }
    }

    @Test
    void shouldEmbedATextAloneAndInAPaddedBatchAlike() {
        String shortText = "space";
        float[] alone = encoder.embed(List.of(shortText))[0];

        float[] inBatch = encoder.embed(List.of("a much longer sentence that forces the short one to be padded", shortText))[1];

        assertThat(Vectors.dot(alone, inBatch)).isGreaterThan(0.9999f);
    }

    @Test
    void shouldTruncateTextLongerThanTheModelLimitInsteadOfFailing() {
        String longText = "a film about space travel and friendship. ".repeat(400);
        assertThat(encoder.tokenCount(longText)).isEqualTo(encoder.preset().maxTokens());

        float[] v = encoder.embed(List.of(longText))[0];

        assertThat(Vectors.firstNonFinite(v)).isNull();
        assertThat(Vectors.norm(v)).isCloseTo(1f, within(1e-4f));
    }
}
