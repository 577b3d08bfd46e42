package dev.attune.deploy;

import dev.attune.deploy.process.ChildProcess;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.config.ConfigException;

/**
 * {@code ./attune up [options]}: start the stack, load MovieLens (once per data directory), print
 * where to look, then watch the services until Ctrl-C, which stops them all (the shutdown hook of
 * {@link LocalStack}).
 */
final class UpCommand {

    private static final long WATCH_INTERVAL_MS = 1000;

    private UpCommand() {
    }

    static int run(List<String> args) {
        PrintStream out = System.out;
        if (args.contains("--help") || args.contains("-h")) {
            out.println("usage: ./attune up [options]\n" + StackConfig.help());
            return 0;
        }
        StackConfig config;
        try {
            config = StackConfig.fromArgs(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println("attune up: " + e.getMessage() + "\nusage: ./attune up [options]\n" + StackConfig.help());
            return 2;
        }
        Path repoRoot = repoRoot();
        LocalStack stack;
        try {
            stack = LocalStack.start(config, repoRoot);
        } catch (ChildProcess.StoppedException e) {
            return 130;
        } catch (RuntimeException e) {
            System.err.println("attune up: " + describe(e));
            return 1;
        }
        try {
            AtomicBoolean welcomed = new AtomicBoolean();
            var summary = DataLoad.runIfNeeded(config, repoRoot, stack, s -> {
                Welcome.print(out, stack, s);
                welcomed.set(true);
            }, out);
            stack.saveRegistry();
            if (!welcomed.get()) {
                Welcome.print(out, stack, summary.orElse(null));
            } else if (summary.isPresent() && !summary.get().fromEarlierRun()) {
                out.println("All of " + summary.get().dataset() + " is in. Ctrl-C stops every process.");
            }
            while (true) {
                Thread.sleep(WATCH_INTERVAL_MS);
                stack.checkAlive();
            }
        } catch (InterruptedException | ChildProcess.StoppedException e) {
            return 130;
        } catch (RuntimeException e) {
            System.err.println("attune up: " + describe(e));
            stack.close();
            return 1;
        }
    }

    /** The message with its causes: "could not create topics: ... because: timed out ...". */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append("\n  because: ").append(cause);
        }
        return text.toString();
    }

    /** The repository root: set by ./attune (attune.repo.root), else the working directory. */
    static Path repoRoot() {
        return Path.of(System.getProperty("attune.repo.root", ".")).toAbsolutePath().normalize();
    }
}
