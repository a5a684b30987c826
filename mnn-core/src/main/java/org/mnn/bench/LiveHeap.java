package org.mnn.bench;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;

/**
 * The heap a stretch of code leaves in use: {@link #mark()} collects garbage and notes the heap in
 * use, {@link #megabytesSince} collects garbage again while the stretch's results are still
 * referenced and returns the growth. Garbage never counts; the sum of the heap pools' peaks that
 * this replaced counted garbage up to the young generation's size, which the parallel collector
 * grows after a large cell (it read 10 GB for a cell whose arrays take 17 MB). Short-lived
 * allocations inside the stretch do not count either: the solver's are a few arrays per thread,
 * small beside the factors it keeps.
 */
public final class LiveHeap {
    private LiveHeap() {
    }

    /** Collects garbage; the bytes of heap then in use. */
    public static long mark() {
        System.gc();
        return used();
    }

    /** MB (1e6 bytes) of heap in use after a garbage collection beyond {@code mark}, with {@code held} still reachable. */
    public static double megabytesSince(long mark, Object held) {
        System.gc();
        long bytes = used() - mark;
        Reference.reachabilityFence(held);
        return bytes / 1e6;
    }

    private static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
