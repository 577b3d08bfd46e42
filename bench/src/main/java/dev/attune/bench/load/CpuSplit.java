package dev.attune.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the machine's cores went over an interval, from Linux's /proc: this JVM (harness and app), the broker's
 * JVM, every other process, idle, and the time the hypervisor took from this VM ({@code steal}). On a small machine
 * shared by the broker, the harness and the app, the app's stream threads get what the rest leaves them: this line
 * says how much that is, and whether the machine itself was busy elsewhere.
 */
public final class CpuSplit {

    private final long brokerPid;
    private double selfBefore;
    private double brokerBefore;
    private MachineTicks machineBefore;

    /** Starts the first interval now. */
    public CpuSplit(long brokerPid) {
        this.brokerPid = brokerPid;
        selfBefore = ProcStats.cpuSeconds(ProcStats.self());
        brokerBefore = ProcStats.cpuSeconds(brokerPid);
        machineBefore = MachineTicks.read();
    }

    /**
     * The split since the last call (or construction), in cores (100% = one core), given the CPU seconds the stream
     * threads used in the same interval (part of this JVM's); the readings it ends with start the next interval.
     */
    public String line(double streamThreadSeconds) {
        double self = ProcStats.cpuSeconds(ProcStats.self());
        double broker = ProcStats.cpuSeconds(brokerPid);
        MachineTicks machine = MachineTicks.read();
        String line = format(machine.minus(machineBefore), self - selfBefore, broker - brokerBefore,
                streamThreadSeconds);
        selfBefore = self;
        brokerBefore = broker;
        machineBefore = machine;
        return line;
    }

    /** The line for an interval's figures (for tests: /proc is read by {@link #line}). */
    static String format(MachineTicks machine, double selfSeconds, double brokerSeconds, double streamThreadSeconds) {
        double seconds = machine.total() / ProcStats.TICKS_PER_SECOND / Math.max(1, machine.cpus());
        if (seconds <= 0) {
            return "  machine CPU: not available (no /proc/stat)\n";
        }
        double busy = machine.busy() / ProcStats.TICKS_PER_SECOND;
        double others = Math.max(0, busy - selfSeconds - brokerSeconds);
        return String.format(Locale.ROOT, "  machine CPU (%d cores, %% of one core): stream threads %.0f%%, rest of"
                        + " this JVM %.0f%% (harness, app's other threads, GC, JIT), broker %.0f%%, other processes"
                        + " %.0f%%, idle %.0f%%, stolen by the hypervisor %.0f%%%n", machine.cpus(),
                100 * streamThreadSeconds / seconds, 100 * Math.max(0, selfSeconds - streamThreadSeconds) / seconds,
                100 * brokerSeconds / seconds, 100 * others / seconds,
                100 * machine.idle() / ProcStats.TICKS_PER_SECOND / seconds,
                100 * machine.steal() / ProcStats.TICKS_PER_SECOND / seconds);
    }

    /**
     * The machine's CPU ticks so far, summed over its cores (the first line of /proc/stat): busy (user, nice, system,
     * irq, softirq), idle (with iowait), stolen, and all of them; zeros where /proc/stat is missing.
     */
    record MachineTicks(long busy, long idle, long steal, long total, int cpus) {

        static MachineTicks read() {
            try {
                int cpus = 0;
                String all = null;
                for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                    if (line.startsWith("cpu ")) {
                        all = line;
                    } else if (line.startsWith("cpu")) {
                        cpus++;
                    }
                }
                return all == null ? new MachineTicks(0, 0, 0, 0, 0) : parse(all, cpus);
            } catch (IOException | RuntimeException e) {
                return new MachineTicks(0, 0, 0, 0, 0);
            }
        }

        /** From /proc/stat's "cpu" line: user nice system idle iowait irq softirq steal [guest guest_nice]. */
        static MachineTicks parse(String cpuLine, int cpus) {
            String[] f = cpuLine.trim().split("\\s+");
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long irq = Long.parseLong(f[6]) + Long.parseLong(f[7]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            // guest time is already counted in user time
            long busy = user + nice + system + irq;
            return new MachineTicks(busy, idle, steal, busy + idle + steal, cpus);
        }

        MachineTicks minus(MachineTicks before) {
            return new MachineTicks(busy - before.busy, idle - before.idle, steal - before.steal,
                    total - before.total, cpus);
        }
    }
}
