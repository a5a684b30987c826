package org.mnn.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent batch items on all cores with a static split (one contiguous range per
 * thread). Small jobs run on the calling thread: a pool hand-off costs 10-50 us, more than
 * solving a short ODE.
 */
public final class BatchParallel {
    private static final int THREADS = Math.max(1,
            Integer.getInteger("mnn.threads", Runtime.getRuntime().availableProcessors()));
    private static final long SERIAL_WORK = 20_000;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "mnn-solver");
        t.setDaemon(true);
        return t;
    });

    /** A range of batch items [from, to) processed by one thread. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    private BatchParallel() {
    }

    /** Threads used for batches (system property {@code mnn.threads}, default: all cores). */
    public static int threads() {
        return THREADS;
    }

    /** Runs {@code task} over [0, count) split into contiguous ranges; {@code workPerItem} is a
     * rough cost (e.g. unknowns per item) used to decide whether threads pay. */
    public static void forEachRange(int count, long workPerItem, RangeTask task) {
        int parts = (int) Math.min(THREADS, count);
        if (parts <= 1 || count * workPerItem < SERIAL_WORK) {
            task.run(0, count);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) count * p / parts);
            int to = (int) ((long) count * (p + 1) / parts);
            futures.add(POOL.submit(() -> task.run(from, to)));
        }
        RuntimeException failure = null;
        try {
            task.run(0, count / parts);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (failure == null) {
                    failure = cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while solving", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
