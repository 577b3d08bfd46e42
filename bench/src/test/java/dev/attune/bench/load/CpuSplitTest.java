package dev.attune.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuSplitTest {

    @Test
    void shouldReadBusyIdleAndStolenTicksFromProcStatsCpuLine() {
        // Given /proc/stat's summed line: user nice system idle iowait irq softirq steal guest guest_nice
        String line = "cpu  1000 10 200 5000 40 5 15 30 7 0";

        // When parsed for a 2-core machine
        CpuSplit.MachineTicks ticks = CpuSplit.MachineTicks.parse(line, 2);

        // Then busy is user + nice + system + irq + softirq (guest is inside user), idle includes iowait
        assertThat(ticks.busy()).isEqualTo(1000 + 10 + 200 + 5 + 15);
        assertThat(ticks.idle()).isEqualTo(5000 + 40);
        assertThat(ticks.steal()).isEqualTo(30);
        assertThat(ticks.total()).isEqualTo(1230 + 5040 + 30);
        assertThat(ticks.cpus()).isEqualTo(2);
    }

    @Test
    void shouldSplitAnIntervalsBusyTimeBetweenStreamThreadsHarnessBrokerAndOthers() {
        // Given 10 s on 2 cores (2,000 ticks): 1,500 busy, 400 idle, 100 stolen; this JVM used 10 s of CPU, the
        // stream threads 6 of them, the broker 3
        CpuSplit.MachineTicks interval = new CpuSplit.MachineTicks(1_500, 400, 100, 2_000, 2);

        // When formatted
        String line = CpuSplit.format(interval, 10.0, 3.0, 6.0);

        // Then each share is in % of one core over the 10 s: the rest (15 - 10 - 3 = 2 s) is other processes
        assertThat(line).contains("stream threads 60%", "rest of this JVM 40%", "broker 30%", "other processes 20%",
                "idle 40%", "stolen by the hypervisor 10%", "2 cores");
    }

    @Test
    void shouldSaySoWhenTheMachineHasNoProcStat() {
        assertThat(CpuSplit.format(new CpuSplit.MachineTicks(0, 0, 0, 0, 0), 1, 1, 1)).contains("not available");
    }
}
