package dev.attune.bench.quality.vectors;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * Vectors on disk keyed by SHA-256 of (model id, text), so a rerun embeds only texts it has not seen and a
 * model change can never return another model's vectors. One append-only file per model id; a truncated last
 * record (an interrupted run) is ignored.
 */
public final class VectorCache {

    private static final int BATCH = 64;

    private final Path file;
    private final String modelId;
    private final Map<String, float[]> byKey = new HashMap<>();
    private int hits;
    private int misses;

    public VectorCache(Path dir, String modelId) throws IOException {
        this.modelId = modelId;
        Files.createDirectories(dir);
        this.file = dir.resolve(modelId.replaceAll("[^A-Za-z0-9._-]", "_") + ".vectors");
        load();
    }

    /** The vector of every text, embedding (in batches) and storing only those not yet cached. */
    public Map<String, float[]> vectors(List<String> texts, TextEmbedder embedder) throws Exception {
        if (!embedder.modelId().equals(modelId)) {
            throw new IllegalArgumentException("cache is for " + modelId + ", embedder is " + embedder.modelId());
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        Set<String> missingSet = new LinkedHashSet<>();
        for (String text : texts) {
            float[] v = byKey.get(key(text));
            if (v != null) {
                out.put(text, v);
                hits++;
            } else {
                missingSet.add(text);
            }
        }
        List<String> missing = new ArrayList<>(missingSet);
        misses += missing.size();
        try (DataOutputStream append = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)))) {
            for (int from = 0; from < missing.size(); from += BATCH) {
                List<String> batch = missing.subList(from, Math.min(missing.size(), from + BATCH));
                List<float[]> vectors = embedder.embed(batch);
                for (int i = 0; i < batch.size(); i++) {
                    String key = key(batch.get(i));
                    write(append, key, vectors.get(i));
                    byKey.put(key, vectors.get(i));
                    out.put(batch.get(i), vectors.get(i));
                }
            }
        }
        return out;
    }

    public int hits() {
        return hits;
    }

    public int misses() {
        return misses;
    }

    public Path file() {
        return file;
    }

    String key(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(modelId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        long good = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            while (true) {
                byte[] digest = new byte[32];
                float[] v;
                try {
                    in.readFully(digest);
                    int dim = in.readInt();
                    if (dim <= 0 || dim > 65536) {
                        throw new IOException(file + " is corrupt (dimension " + dim + "); delete it to rebuild");
                    }
                    v = new float[dim];
                    for (int d = 0; d < dim; d++) {
                        v[d] = in.readFloat();
                    }
                } catch (EOFException end) {
                    break;
                }
                byKey.put(HexFormat.of().formatHex(digest), v);
                good += 32 + 4 + 4L * v.length;
            }
        }
        if (Files.size(file) > good) { // cut an interrupted run's partial record so that appends stay aligned
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(good);
            }
        }
    }

    private static void write(DataOutputStream out, String key, float[] v) {
        try {
            out.write(HexFormat.of().parseHex(key));
            out.writeInt(v.length);
            for (float x : v) {
                out.writeFloat(x);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
