package dev.attune.deploy.load;

import java.io.PrintStream;

/**
 * A one-line progress bar on a terminal ({@code [#####.....] 52% 52,301/100,836 ratings 3,912/s}),
 * redrawn at most five times a second; without a terminal (CI, tests, a pipe) a plain line every
 * 10%, so logs stay readable.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;
    private int lastDecile = -1;
    private long done;

    public ProgressBar(PrintStream out, String label, long total, boolean terminal) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.terminal = terminal;
    }

    /** A bar on standard error, drawn in place when a terminal is attached. */
    public static ProgressBar onStderr(String label, long total) {
        return new ProgressBar(System.err, label, total, System.console() != null);
    }

    public void set(long value) {
        done = Math.min(value, total);
        long now = System.nanoTime();
        if (terminal) {
            if (now - lastDrawNanos >= REDRAW_NANOS || done == total) {
                lastDrawNanos = now;
                out.print("\r" + render(now));
                out.flush();
            }
        } else {
            int decile = (int) (done * 10 / total);
            if (decile != lastDecile) {
                lastDecile = decile;
                out.println(render(now));
            }
        }
    }

    public void step() {
        set(done + 1);
    }

    /** Draws the final state and ends the line. */
    public void finish(String note) {
        if (terminal) {
            out.print("\r" + render(System.nanoTime()));
        } else if (lastDecile == 10 && note.isEmpty()) {
            return;
        } else {
            out.print(render(System.nanoTime()));
        }
        out.println(note.isEmpty() ? "" : "  " + note);
        out.flush();
    }

    String render(long nowNanos) {
        int filled = (int) (done * WIDTH / total);
        double seconds = Math.max(1e-3, (nowNanos - startNanos) / 1e9);
        return String.format("%-22s [%s%s] %3d%% %,d/%,d %,.0f/s", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                done * 100 / total, done, total, done / seconds);
    }
}
