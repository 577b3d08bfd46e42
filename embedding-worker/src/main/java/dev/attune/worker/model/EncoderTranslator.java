package dev.attune.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Feeds a whole padded batch to a BERT-style encoder and pools its last hidden state into unit vectors.
 * The batch is built by the caller (one tokenizer call per batch), so DJL's per-item batchifier is not
 * used. Pooling runs on plain floats because ONNX Runtime's NDArray lacks some ops (e.g. norm), and the
 * same code then serves both engines.
 */
final class EncoderTranslator implements NoBatchifyTranslator<TokenBatch, float[][]> {

    private final Pooling pooling;
    private final boolean tokenTypes;

    EncoderTranslator(Pooling pooling, boolean tokenTypes) {
        this.pooling = pooling;
        this.tokenTypes = tokenTypes;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, TokenBatch in) {
        NDManager manager = ctx.getNDManager();
        Shape shape = new Shape(in.batch(), in.tokens());
        NDList list = new NDList(named(manager.create(in.inputIds(), shape), "input_ids"),
                named(manager.create(in.attentionMask(), shape), "attention_mask"));
        if (tokenTypes) {
            list.add(named(manager.create(in.tokenTypeIds(), shape), "token_type_ids"));
        }
        ctx.setAttachment("batch", in);
        return list;
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList list) {
        TokenBatch in = (TokenBatch) ctx.getAttachment("batch");
        NDArray hidden = list.get(0);
        long[] shape = hidden.getShape().getShape();
        if (shape.length != 3 || shape[0] != in.batch() || shape[1] != in.tokens()) {
            throw new IllegalStateException("encoder returned shape " + hidden.getShape()
                    + ", expected [" + in.batch() + ", " + in.tokens() + ", dim]");
        }
        return pooling.pool(hidden.toFloatArray(), in.attentionMask(), in.batch(), in.tokens(), (int) shape[2]);
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }
}
