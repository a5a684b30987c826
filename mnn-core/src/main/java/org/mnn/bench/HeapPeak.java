package org.mnn.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * The JVM's measured peak heap use over a stretch of code: {@link #reset()} collects garbage and
 * resets every heap pool's peak, {@link #megabytes()} sums the pools' peaks since. The pools peak
 * at different moments, so the sum is an upper bound on the true peak (tight when one pool, the
 * old generation for large arrays, dominates); it includes everything live on the heap, not only
 * the solver's arrays.
 */
public final class HeapPeak {
    private HeapPeak() {
    }

    /** Garbage-collects, then starts a new peak measurement in every heap pool. */
    public static void reset() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak usage since the last {@link #reset()}, in MB (1e6 bytes). */
    public static double megabytes() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                MemoryUsage peak = pool.getPeakUsage();
                if (peak != null) {
                    bytes += peak.getUsed();
                }
            }
        }
        return bytes / 1e6;
    }
}
