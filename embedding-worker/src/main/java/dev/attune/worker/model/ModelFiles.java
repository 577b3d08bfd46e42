package dev.attune.worker.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a model's files are on disk. DJL loads models and tokenizers from paths, while the presets ship
 * inside jars: their resources are copied once into a cache directory (by size, so a half-written copy
 * from a killed process is replaced), atomically.
 */
final class ModelFiles {

    private ModelFiles() {
    }

    /** The directory holding {@code preset}'s ONNX model and tokenizer, extracting them if needed. */
    static Path extractPreset(ModelPreset preset, Path cacheRoot) {
        Path dir = cacheRoot.resolve(preset.id());
        extract(preset.onnxResource(), dir);
        extract(preset.tokenizerResource(), dir);
        return dir;
    }

    /** The default cache root: {@code attune-models} under the temp directory. */
    static Path defaultCacheRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"), "attune-models");
    }

    private static void extract(String resource, Path dir) {
        Path target = dir.resolve(resource);
        var url = ModelFiles.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("model resource " + resource + " is not on the classpath (its langchain4j jar is missing)");
        }
        try {
            long size = url.openConnection().getContentLengthLong();
            if (Files.isRegularFile(target) && (size < 0 || Files.size(target) == size)) {
                return;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, resource, ".part");
            try (InputStream in = url.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract " + resource + " to " + dir, e);
        }
    }
}
