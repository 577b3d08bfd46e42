package dev.attune.bench.quality.vectors;

import dev.attune.bench.quality.data.Movie;
import dev.attune.worker.ItemText;
import dev.attune.worker.model.ModelPreset;
import dev.attune.worker.model.TextEncoder;

import java.util.Arrays;
import java.util.List;

/**
 * The embedding worker's own rules and encoder, so that the evaluator's vectors are the ones the worker
 * would have written: a movie is an item with its title, its genres as categories, its tags as tags and no
 * description ({@link ItemText#of}); a genre or tag is a vocabulary term ({@link ItemText#term}), keyed as
 * the worker keys term-vectors ({@link ItemText#termKey}).
 */
public final class ItemTexts {

    private ItemTexts() {
    }

    public static String itemText(Movie m) {
        return ItemText.of(m.title(), null, m.tags(), m.genres());
    }

    public static String termText(String term) {
        return ItemText.term(term);
    }

    public static String termKey(String term) {
        return ItemText.termKey(term);
    }

    /** The worker's encoder for {@code preset} (a preset id such as all-MiniLM-L6-v2), on ONNX Runtime. */
    public static TextEmbedder openEmbedder(String preset) {
        TextEncoder encoder = TextEncoder.open(ModelPreset.named(preset));
        return new TextEmbedder() {
            @Override
            public String modelId() {
                return encoder.modelId();
            }

            @Override
            public List<float[]> embed(List<String> texts) {
                return Arrays.asList(encoder.embed(texts));
            }

            @Override
            public void close() {
                encoder.close();
            }
        };
    }
}
