package dev.attune.deploy.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The runtime classpath of one module of this repository, as the build left it: the module's
 * {@code target/classes} plus {@code target/classpath.txt}, which the parent POM's
 * {@code write-runtime-classpath} execution writes at the package phase.
 */
public final class ModuleClasspath {

    private ModuleClasspath() {
    }

    public static String of(Path repoRoot, String module) {
        Path target = repoRoot.resolve(module).resolve("target");
        Path classes = target.resolve("classes");
        Path listing = target.resolve("classpath.txt");
        if (!Files.isDirectory(classes) || !Files.isRegularFile(listing)) {
            throw new IllegalStateException("module " + module + " is not built (no " + listing
                    + "); run ./mvnw -q install -DskipTests, or ./attune up without --no-build");
        }
        try {
            String dependencies = Files.readString(listing, StandardCharsets.UTF_8).strip();
            return dependencies.isEmpty() ? classes.toString() : classes + File.pathSeparator + dependencies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
