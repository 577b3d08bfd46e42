package dev.attune.worker.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The pretrained encoders the worker knows by name, each with the pooling and prefixes it was trained
 * with. The ONNX model and its tokenizer.json ship as resources of a langchain4j jar on Maven Central,
 * so nothing is downloaded at run time.
 */
public enum ModelPreset {
    /** sentence-transformers/all-MiniLM-L6-v2: 384-d, mean pooling, symmetric (no prefixes). */
    ALL_MINILM_L6_V2("all-MiniLM-L6-v2", "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json",
            Pooling.MEAN, 256, "", ""),
    /**
     * BAAI/bge-small-en-v1.5: 384-d, CLS pooling; short queries get BGE's retrieval instruction, passages none
     * (as its model card recommends for query-to-passage search).
     */
    BGE_SMALL_EN_V15("bge-small-en-v1.5", "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json",
            Pooling.CLS, 512, "Represent this sentence for searching relevant passages: ", "");

    private final String id;
    private final String onnxResource;
    private final String tokenizerResource;
    private final Pooling pooling;
    private final int maxTokens;
    private final String queryPrefix;
    private final String passagePrefix;

    ModelPreset(String id, String onnxResource, String tokenizerResource, Pooling pooling, int maxTokens,
                String queryPrefix, String passagePrefix) {
        this.id = id;
        this.onnxResource = onnxResource;
        this.tokenizerResource = tokenizerResource;
        this.pooling = pooling;
        this.maxTokens = maxTokens;
        this.queryPrefix = queryPrefix;
        this.passagePrefix = passagePrefix;
    }

    /** The preset called {@code name} (its id, any case, or the enum constant name). */
    public static ModelPreset named(String name) {
        for (ModelPreset p : values()) {
            if (p.id.equalsIgnoreCase(name.trim()) || p.name().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown model preset '" + name + "'; known: " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(ModelPreset::id).collect(Collectors.joining(", "));
    }

    /** The model id written into every {@code Vector.model}. */
    public String id() {
        return id;
    }

    public String onnxResource() {
        return onnxResource;
    }

    public String tokenizerResource() {
        return tokenizerResource;
    }

    public Pooling pooling() {
        return pooling;
    }

    /** Longer inputs are truncated to this many tokens (the length the model was trained on). */
    public int maxTokens() {
        return maxTokens;
    }

    public String prefix(TextKind kind) {
        return kind == TextKind.QUERY ? queryPrefix : passagePrefix;
    }

    /** The file stem of this preset's model files ({@code <stem>.onnx}, {@code <stem>.pt}). */
    public String fileStem() {
        return onnxResource.substring(0, onnxResource.length() - ".onnx".length()).toLowerCase(Locale.ROOT);
    }
}
