package dev.attune.deploy.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service of the local stack running as its own JVM, with its output in a log file.
 *
 * <p>Readiness is checked against this very process: a log line it printed itself, or an HTTP
 * probe made only while it is alive on a port that was free before it started. Stopping is
 * SIGTERM to it and everything it started, a grace period, then SIGKILL, so Ctrl-C never leaves a
 * broker behind (signalling a wrapper would).
 */
public final class ChildProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    private static final int LOG_TAIL_CHARS = 4000;
    /**
     * Each child runs in its own session where {@code setsid} exists (Linux), so a Ctrl-C in the
     * terminal reaches only the launcher, which then stops the services in order: the streams app
     * commits while the broker is still up, and the registry is saved before it goes. Without it
     * the terminal signals every process at once. setsid execs in place, so the pid stays the child's.
     */
    private static final List<String> SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(path -> Files.isExecutable(Path.of(path))).findFirst().map(List::of).orElse(List.of());

    private final String name;
    private final Process process;
    private final Path logFile;
    private volatile boolean stopRequested;

    /** Thrown by the readiness checks when the process was stopped on purpose (Ctrl-C during start-up). */
    public static final class StoppedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoppedException(String name) {
            super(name + " was stopped");
        }
    }

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code java jvmArgs -cp classpath mainClass args} with the launcher's own JDK, output
     * (stdout and stderr) appended to {@code logFile}.
     */
    public static ChildProcess startJava(String name, List<String> jvmArgs, String classpath, String mainClass,
                                         List<String> args, Path logFile, Map<String, String> extraEnv) {
        List<String> javaArgs = new ArrayList<>(jvmArgs);
        javaArgs.addAll(List.of("-cp", classpath, mainClass));
        javaArgs.addAll(args);
        return startJava(name, javaArgs, logFile, extraEnv);
    }

    /** Starts {@code java javaArgs} (e.g. {@code -Xmx256m -jar app.jar}) with the launcher's own JDK. */
    public static ChildProcess startJava(String name, List<String> javaArgs, Path logFile, Map<String, String> extraEnv) {
        List<String> command = new ArrayList<>(SETSID);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaArgs);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    // A file, not a pipe: nobody drains a pipe once the service is up, and a full pipe blocks it.
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(extraEnv);
            Process process = builder.start();
            LOG.debug("started {} (pid {}): {}", name, process.pid(), command);
            return new ChildProcess(name, process, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /**
     * Waits until this process's log, from {@code fromOffset} on (what earlier runs appended is not
     * ours), holds a line matching {@code test}; returns that line.
     */
    public String awaitLogLine(String what, Predicate<String> test, long fromOffset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String log = readLog(fromOffset);
            for (String line : log.split("\n")) {
                if (test.test(line)) {
                    return line.strip();
                }
            }
            failIfDead();
            sleep(200);
        }
        throw notReady("did not log " + what + " within " + timeout);
    }

    /** Waits until {@code url} answers with a status {@code accept} takes, while this process is alive. */
    public void awaitHttp(URI url, IntPredicate accept, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            failIfDead();
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (accept.test(response.statusCode())) {
                    failIfDead();
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(500);
        }
        throw notReady(url + " did not answer as expected within " + timeout);
    }

    /** Fails if the process has exited, with its log tail (the reason is usually there). */
    public void failIfDead() {
        if (stopRequested) {
            throw new StoppedException(name);
        }
        if (!process.isAlive()) {
            throw notReady("exited with code " + process.exitValue());
        }
    }

    /** SIGTERM to the process and its descendants, wait up to {@code grace}, then SIGKILL. */
    public void stop(Duration grace) {
        stopRequested = true;
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : all) {
            long left = Math.max(1, deadline - System.nanoTime());
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handle.destroyForcibly();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("{} (pid {}) did not stop within {}; killing it", name, handle.pid(), grace);
                handle.destroyForcibly();
            }
        }
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("{} (pid {}) is still alive after SIGKILL", name, process.pid());
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** The size of the log now: pass it to {@link #awaitLogLine} to ignore what an earlier run appended. */
    public static long logSize(Path logFile) {
        try {
            return Files.exists(logFile) ? Files.size(logFile) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    public String logTail() {
        String log = readLog(0);
        return log.length() <= LOG_TAIL_CHARS ? log : log.substring(log.length() - LOG_TAIL_CHARS);
    }

    private IllegalStateException notReady(String why) {
        return new IllegalStateException(name + " (pid " + process.pid() + ") " + why + "; log " + logFile
                + ", last lines:\n" + logTail());
    }

    private String readLog(long fromOffset) {
        try {
            byte[] bytes = Files.readAllBytes(logFile);
            int from = (int) Math.min(bytes.length, Math.max(0, fromOffset));
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
