package dev.likeness.vision;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import static org.assertj.core.api.Assertions.assertThat;

class EngineCpuTimeTest {

    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void countsTheCallingThreadsCpuBetweenBeginAndEndAndNotItsWaiting() throws Exception {
        EngineCpuTime engine = new EngineCpuTime();
        long wallStart = System.nanoTime();
        long began = engine.begin();
        // 0.2 s of this thread's CPU, however long the machine (shared, loaded) takes to give it.
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        double sink = 0;
        while (THREADS.getCurrentThreadCpuTime() - cpuStart < 200_000_000L) {
            sink += Math.sqrt(sink + 1);
        }
        engine.end(began);
        double wall = (System.nanoTime() - wallStart) / 1e9;
        assertThat(sink).isPositive();
        assertThat(engine.seconds()).as("the CPU spent, and never more than the time that passed").isBetween(0.2, wall);

        double afterWork = engine.seconds();
        long idle = engine.begin();
        Thread.sleep(200);
        engine.end(idle);
        assertThat(engine.seconds() - afterWork).as("sleeping costs no CPU").isLessThan(0.02);
    }
}
