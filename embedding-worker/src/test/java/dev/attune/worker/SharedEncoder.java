package dev.attune.worker;

import dev.attune.worker.model.ModelPreset;
import dev.attune.worker.model.TextEncoder;

/** One real all-MiniLM-L6-v2 encoder per test JVM: loading it costs seconds, and tests only read it. */
public final class SharedEncoder {

    private static TextEncoder encoder;

    private SharedEncoder() {
    }

    public static synchronized TextEncoder get() {
        if (encoder == null) {
            encoder = TextEncoder.open(ModelPreset.ALL_MINILM_L6_V2);
            Runtime.getRuntime().addShutdownHook(new Thread(encoder::close, "shared-encoder-close"));
        }
        return encoder;
    }
}
