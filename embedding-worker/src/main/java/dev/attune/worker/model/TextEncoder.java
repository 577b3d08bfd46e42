package dev.attune.worker.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Texts to L2-normalised sentence vectors with a pretrained encoder through DJL: the one place where
 * text becomes a vector, shared by the worker and the benchmarks so both embed exactly alike.
 *
 * <pre>{@code
 * try (TextEncoder encoder = TextEncoder.open(ModelPreset.ALL_MINILM_L6_V2)) {
 *     float[][] vectors = encoder.embed(List.of("a cat sits on the mat"));
 * }
 * }</pre>
 *
 * Texts longer than the model's limit are truncated to {@link ModelPreset#maxTokens()} tokens. One
 * batch runs at a time (a DJL predictor is not thread-safe); callers batch for throughput.
 */
public final class TextEncoder implements AutoCloseable {

    public static final String ONNX_RUNTIME = "OnnxRuntime";
    public static final String PYTORCH = "PyTorch";
    private static final Logger LOG = LoggerFactory.getLogger(TextEncoder.class);

    private final ModelPreset preset;
    private final String engine;
    private final Device device;
    private final ZooModel<TokenBatch, float[][]> model;
    private final Predictor<TokenBatch, float[][]> predictor;
    private final HuggingFaceTokenizer tokenizer;
    private final int dimension;

    private TextEncoder(ModelPreset preset, String engine, Device device, ZooModel<TokenBatch, float[][]> model,
                        HuggingFaceTokenizer tokenizer) {
        this.preset = preset;
        this.engine = engine;
        this.device = device;
        this.model = model;
        this.predictor = model.newPredictor();
        this.tokenizer = tokenizer;
        this.dimension = embed(List.of("dimension probe"), TextKind.PASSAGE)[0].length;
    }

    /** {@code preset} on ONNX Runtime from its shipped jar, on the GPU when there is one. */
    public static TextEncoder open(ModelPreset preset) {
        return open(preset, ONNX_RUNTIME, null, "auto");
    }

    /**
     * Loads an encoder.
     *
     * @param preset     tokenizer limits, pooling and prefixes (and the shipped model unless {@code modelDir})
     * @param engine     {@value #ONNX_RUNTIME} or {@value #PYTORCH}
     * @param modelDir   null for the preset's shipped ONNX model; else a directory with {@code <preset id>.onnx}
     *                   or {@code model.onnx} (ONNX Runtime) or {@code <preset id>.pt} / {@code model.pt}
     *                   (PyTorch TorchScript), and optionally {@code tokenizer.json}
     * @param deviceMode {@code auto} (GPU if the engine sees one), {@code cpu} or {@code gpu}
     * @throws IllegalStateException with a clear message when the model cannot be loaded
     */
    public static TextEncoder open(ModelPreset preset, String engine, Path modelDir, String deviceMode) {
        DjlDefaults.apply();
        String engineName = canonicalEngine(engine);
        if (modelDir == null && engineName.equals(PYTORCH)) {
            throw new IllegalStateException("engine PyTorch needs model.dir: a directory holding a TorchScript "
                    + preset.id() + ".pt (make it with embedding-worker/scripts/onnx_to_torchscript.py)");
        }
        Path dir = modelDir != null ? modelDir : ModelFiles.extractPreset(preset, ModelFiles.defaultCacheRoot());
        String extension = engineName.equals(PYTORCH) ? ".pt" : ".onnx";
        String modelName = modelName(preset, dir, extension);
        Path tokenizerPath = Files.isRegularFile(dir.resolve("tokenizer.json")) ? dir.resolve("tokenizer.json")
                : ModelFiles.extractPreset(preset, ModelFiles.defaultCacheRoot()).resolve(preset.tokenizerResource());
        Device device = chooseDevice(engineName, deviceMode);
        try {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerPath)
                    .optMaxLength(preset.maxTokens())
                    .optTruncation(true)
                    .optPadding(false)
                    .build();
            ZooModel<TokenBatch, float[][]> model;
            try {
                model = load(preset, engineName, dir, modelName, device);
            } catch (RuntimeException | ModelNotFoundException | MalformedModelException e) {
                if (!device.isGpu() || !"auto".equalsIgnoreCase(String.valueOf(deviceMode).trim())) {
                    throw e;
                }
                // e.g. the engine sees a GPU but its CPU-only native build cannot use it: say so, run on CPU.
                LOG.warn("{} could not use the GPU ({}); falling back to CPU", engineName, e.getMessage());
                model = load(preset, engineName, dir, modelName, Device.cpu());
            }
            TextEncoder encoder = new TextEncoder(preset, engineName, model.getNDManager().getDevice(), model, tokenizer);
            LOG.info("Encoder ready: model={} engine={} device={} dimension={} files={}",
                    preset.id(), engineName, encoder.device, encoder.dimension, dir.resolve(modelName + extension));
            return encoder;
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new IllegalStateException("could not load model " + preset.id() + " on " + engineName + " from "
                    + dir.resolve(modelName + extension) + ": " + e.getMessage(), e);
        }
    }

    private static ZooModel<TokenBatch, float[][]> load(ModelPreset preset, String engine, Path dir, String name,
                                                         Device device)
            throws IOException, ModelNotFoundException, MalformedModelException {
        Criteria<TokenBatch, float[][]> criteria = Criteria.builder()
                .setTypes(TokenBatch.class, float[][].class)
                .optModelPath(dir)
                .optModelName(name)
                .optEngine(engine)
                .optDevice(device)
                .optTranslator(new EncoderTranslator(preset.pooling(), true))
                .build();
        return criteria.loadModel();
    }

    /** Unit vectors for item texts and terms ({@link TextKind#PASSAGE}), one per text, in order. */
    public float[][] embed(List<String> texts) {
        return embed(texts, TextKind.PASSAGE);
    }

    /** Unit vectors for queries and query facets ({@link TextKind#QUERY}). */
    public float[][] embedQueries(List<String> texts) {
        return embed(texts, TextKind.QUERY);
    }

    /** Unit vectors for {@code texts} embedded as {@code kind}, one per text, in order. */
    public synchronized float[][] embed(List<String> texts, TextKind kind) {
        if (texts.isEmpty()) {
            return new float[0][];
        }
        String prefix = preset.prefix(kind);
        List<String> inputs = new ArrayList<>(texts.size());
        for (String text : texts) {
            inputs.add(prefix + text);
        }
        try {
            return predictor.predict(pad(tokenizer.batchEncode(inputs)));
        } catch (TranslateException e) {
            throw new IllegalStateException("encoder failed on a batch of " + texts.size() + ": " + e.getMessage(), e);
        }
    }

    /** Number of tokens {@code text} becomes before truncation (for metrics and tests). */
    public int tokenCount(String text) {
        return tokenizer.encode(text).getIds().length;
    }

    public ModelPreset preset() {
        return preset;
    }

    /** The id written into {@code Vector.model}. */
    public String modelId() {
        return preset.id();
    }

    public int dimension() {
        return dimension;
    }

    public String engine() {
        return engine;
    }

    public Device device() {
        return device;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
        tokenizer.close();
    }

    private static TokenBatch pad(Encoding[] encodings) {
        int tokens = 1;
        for (Encoding e : encodings) {
            tokens = Math.max(tokens, e.getIds().length);
        }
        int batch = encodings.length;
        long[] ids = new long[batch * tokens];
        long[] mask = new long[batch * tokens];
        long[] types = new long[batch * tokens];
        for (int b = 0; b < batch; b++) {
            Encoding e = encodings[b];
            int n = e.getIds().length;
            System.arraycopy(e.getIds(), 0, ids, b * tokens, n);
            System.arraycopy(e.getAttentionMask(), 0, mask, b * tokens, n);
            System.arraycopy(e.getTypeIds(), 0, types, b * tokens, n);
        }
        return new TokenBatch(ids, mask, types, batch, tokens);
    }

    private static String modelName(ModelPreset preset, Path dir, String extension) {
        for (String candidate : List.of(preset.id(), preset.fileStem(), "model")) {
            if (Files.isRegularFile(dir.resolve(candidate + extension))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + preset.id() + extension + ", " + preset.fileStem() + extension
                + " or model" + extension + " in " + dir);
    }

    static String canonicalEngine(String engine) {
        String e = engine == null ? "" : engine.trim().toLowerCase(Locale.ROOT);
        return switch (e) {
            case "onnxruntime", "onnx", "ort" -> ONNX_RUNTIME;
            case "pytorch", "torch", "pt" -> PYTORCH;
            default -> throw new IllegalArgumentException("engine must be OnnxRuntime or PyTorch, got '" + engine + "'");
        };
    }

    private static Device chooseDevice(String engine, String mode) {
        String m = mode == null ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
        return switch (m) {
            case "cpu" -> Device.cpu();
            case "gpu" -> Device.gpu();
            case "auto" -> Engine.getEngine(engine).getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            default -> throw new IllegalArgumentException("device must be auto, cpu or gpu, got '" + mode + "'");
        };
    }
}
