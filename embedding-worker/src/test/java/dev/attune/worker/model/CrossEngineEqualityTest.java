package dev.attune.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attune.vector.Vectors;
import dev.attune.worker.SharedEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch engine (the GPU path) must embed exactly like ONNX Runtime. The build makes the TorchScript
 * model (scripts/onnx_to_torchscript.py, Debian python3-torch) before tests run and fails when it cannot:
 * this test never skips.
 */
class CrossEngineEqualityTest {

    private static TextEncoder pytorch;

    @BeforeAll
    static void loadTorchScript() {
        String dir = System.getProperty("attune.test.torchscript.dir");
        assertThat(dir).as("system property attune.test.torchscript.dir (set by the embedding-worker POM)").isNotNull();
        assertThat(Files.isDirectory(Path.of(dir))).as("TorchScript model made by the build in " + dir).isTrue();
        pytorch = TextEncoder.open(ModelPreset.ALL_MINILM_L6_V2, TextEncoder.PYTORCH, Path.of(dir), "cpu");
    }

    @AfterAll
    static void close() {
        if (pytorch != null) {
            pytorch.close();
        }
    }

    @Test
    void shouldGiveTheSameEmbeddingsOnPyTorchAsOnOnnxRuntime() {
        List<String> texts = List.of("a cat sits on the mat", "funny space movies, nothing scary",
                "Toy Story (1995). Categories: Adventure, Animation, Children, Comedy, Fantasy. Tags: pixar, fun",
                "x", "Ünïcödé et café crème", "日本のアニメ映画", "a long description of a film. ".repeat(60));

        float[][] onnx = SharedEncoder.get().embed(texts);
        float[][] torch = pytorch.embed(texts);

        assertThat(pytorch.engine()).isEqualTo(TextEncoder.PYTORCH);
        assertThat(pytorch.dimension()).isEqualTo(SharedEncoder.get().dimension());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(Vectors.dot(onnx[i], torch[i])).as("cosine of text %d", i).isGreaterThanOrEqualTo(0.9999f);
        }
    }
}
