package dev.attune.deploy.cli;

import dev.attune.deploy.StackFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./attune click|query|tail ...}: small commands against the stack that {@code ./attune up}
 * runs, found through {@code <data-dir>/stack.properties} ({@code --data-dir} or
 * {@code ATTUNE_DATA_DIR}, default {@code .attune} under the repository root).
 */
public final class Cli {

    static final String USAGE = """
            usage: ./attune click <user> <item> [kind] [--now]   kind: VIEW CLICK LIKE ADD_TO_CART PURCHASE DISLIKE SKIP (default CLICK)
                   ./attune query <user> "<text>" [--now]     (stamped at the user's own event time; --now: the wall clock)
                   ./attune tail <topic> [--max N]          prints a topic from the beginning, decoded, until Ctrl-C
                   (all take --data-dir DIR to reach a stack started with another --data-dir)""";

    private Cli() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args)));
    }

    /** Runs one command; returns its exit status (0 ok, 1 failed, 2 usage). */
    public static int run(List<String> args) {
        Arguments parsed;
        try {
            parsed = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("attune: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        if (parsed.positional().isEmpty()) {
            System.err.println(USAGE);
            return 2;
        }
        Optional<StackFile> stack = StackFile.read(dataDir(parsed)).filter(StackFile::launcherAlive);
        if (stack.isEmpty()) {
            System.err.println("attune: no running stack in " + dataDir(parsed) + "; start one with ./attune up");
            return 1;
        }
        String command = parsed.positional().get(0);
        List<String> rest = parsed.positional().subList(1, parsed.positional().size());
        try {
            return switch (command) {
                case "click", "query" -> ProduceCommand.run(stack.get(), command, rest, parsed.flag("now"), System.out);
                case "tail" -> TailCommand.run(stack.get(), rest, parsed.intOption("max", 0), System.out);
                default -> {
                    System.err.println("attune: unknown command '" + command + "'\n" + USAGE);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            System.err.println("attune " + command + ": " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
    }

    private static Path dataDir(Arguments parsed) {
        String configured = parsed.option("data-dir").orElse(System.getenv().getOrDefault("ATTUNE_DATA_DIR", ".attune"));
        Path root = Path.of(System.getProperty("attune.repo.root", "."));
        return root.resolve(configured).toAbsolutePath().normalize();
    }
}
