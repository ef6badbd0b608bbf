package dev.likeness.vision;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The CPU time a service spends in the engine: opening a frame's envelope, decoding it, and running
 * the models on it. ONNX Runtime and OpenCV run on the calling thread ({@link OnnxRuntimeModel},
 * {@link OpenCvRuntime} set one thread each), so the calling thread's CPU clock counts all of it;
 * what a process spends beyond this is the plumbing around the engine (the bench reports the share).
 */
public final class EngineCpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final LongAdder nanos = new LongAdder();

    /** The calling thread's CPU clock now, to pass to {@link #end}. */
    public long begin() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Adds the calling thread's CPU time since {@code began} (from {@link #begin} on this thread). */
    public void end(long began) {
        nanos.add(Math.max(0, THREADS.getCurrentThreadCpuTime() - began));
    }

    /** Every second counted so far. */
    public double seconds() {
        return nanos.sum() / 1e9;
    }
}
