package org.mnn.solver;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Runs independent batch items on all cores. The items are cut into chunks that the threads take
 * from a shared counter; each thread makes its own {@link RangeTask} (its scratch arrays) when it
 * takes its first chunk. The calling thread works too and returns as soon as every chunk is done:
 * a helper that wakes late finds the chunks taken and does nothing, instead of holding the job up
 * as with a static split. Waking a parked thread on a virtual machine was measured to take up to
 * milliseconds (solves of a few ms ran at one-thread speed about a third of the time), so helpers
 * spin for {@link #SPIN_NANOS} after each job before parking: in a training loop the next solve
 * finds them awake. Small jobs run on the calling thread alone.
 */
public final class BatchParallel {
    private static final int THREADS = Math.max(1,
            Integer.getInteger("mnn.threads", Runtime.getRuntime().availableProcessors()));
    private static final long SERIAL_WORK = 20_000;
    /** Chunks per thread: enough to even out a late start, few enough to keep chunks long. */
    private static final int CHUNKS_PER_THREAD = 4;
    /** How long an idle helper stays awake for the next job. */
    private static final long SPIN_NANOS = 2_000_000;

    /** One thread's task in a job: called for each chunk [from, to) the thread takes. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    private static volatile Job current;
    private static final Thread[] HELPERS = startHelpers();

    private BatchParallel() {
    }

    /** Threads used for batches (system property {@code mnn.threads}, default: all cores). */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs [0, count) in chunks on all threads, each thread with its own task from
     * {@code perThread}; {@code workPerItem} is a rough cost (e.g. unknowns per item) used to
     * decide whether threads pay. If chunks fail, the failure of the lowest chunk is thrown once
     * every chunk below it has run (the same failure whatever the timing); chunks above a failure
     * are skipped.
     */
    public static void forEachRange(int count, long workPerItem, Supplier<? extends RangeTask> perThread) {
        int parts = (int) Math.min(THREADS, count);
        // a task that itself runs a parallel job (on a helper, or on the caller holding the job
        // lock) runs it alone: waiting for the helpers from inside their own job would deadlock
        boolean nested = Thread.holdsLock(BatchParallel.class) || Thread.currentThread() instanceof Helper;
        if (parts <= 1 || count * workPerItem < SERIAL_WORK || nested) {
            perThread.get().run(0, count);
            return;
        }
        Job job = new Job(count, Math.max(1, count / (parts * CHUNKS_PER_THREAD)), perThread);
        // one job at a time: solves from several application threads queue here
        synchronized (BatchParallel.class) {
            current = job;
            for (Thread h : HELPERS) {
                LockSupport.unpark(h);
            }
            job.work();
            job.awaitDone();
            current = null;
        }
        job.rethrow();
    }

    private static Thread[] startHelpers() {
        Thread[] helpers = new Thread[THREADS - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper(i + 1);
            helpers[i].start();
        }
        return helpers;
    }

    private static final class Helper extends Thread {
        Helper(int number) {
            super(BatchParallel::helperLoop, "mnn-solver-" + number);
            setDaemon(true);
        }
    }

    private static void helperLoop() {
        long last = -1;
        long idleSince = System.nanoTime();
        while (true) {
            long ran = runNewJob(last);
            if (ran != last) {
                last = ran;
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(BatchParallel.class);
            }
        }
    }

    /**
     * Works on the current job unless it is the one numbered {@code last}; returns the number of
     * the job worked on, or {@code last}. The job is referenced only in this frame: a helper that
     * spins or parks must not keep a finished job, and the arrays its tasks captured (a solve's
     * factors), reachable until the next job.
     */
    private static long runNewJob(long last) {
        Job job = current;
        if (job == null || job.number == last) {
            return last;
        }
        job.work();
        return job.number;
    }

    /** One call of forEachRange: its chunks, progress and first failure. */
    private static final class Job {
        private static final java.util.concurrent.atomic.AtomicLong CREATED = new java.util.concurrent.atomic.AtomicLong();
        /** Distinguishes jobs for the helpers without holding on to them. */
        final long number;
        private final int count;
        private final int chunk;
        private final Supplier<? extends RangeTask> perThread;
        private final AtomicInteger next = new AtomicInteger();
        /** Items whose chunk has finished or been skipped. */
        private final AtomicInteger done = new AtomicInteger();
        /** Start of the lowest failed chunk: chunks above it are skipped, those below still run,
         * so the lowest failure is found whatever the timing. */
        private volatile int failedChunk = Integer.MAX_VALUE;
        private Throwable failure;

        Job(int count, int chunk, Supplier<? extends RangeTask> perThread) {
            this.number = CREATED.getAndIncrement();
            this.count = count;
            this.chunk = chunk;
            this.perThread = perThread;
        }

        /** Takes chunks until none are left (any thread, any number of times). */
        void work() {
            RangeTask task = null;
            int from;
            while ((from = next.getAndAdd(chunk)) < count) {
                int to = Math.min(count, from + chunk);
                try {
                    if (from < failedChunk) {
                        if (task == null) {
                            task = perThread.get();
                        }
                        task.run(from, to);
                    }
                } catch (RuntimeException | Error e) {
                    fail(from, e);
                } finally {
                    done.addAndGet(to - from);
                }
            }
        }

        void awaitDone() {
            while (done.get() < count) {
                Thread.onSpinWait();
            }
        }

        private synchronized void fail(int from, Throwable e) {
            if (from < failedChunk) {
                failedChunk = from;
                failure = e;
            }
        }

        synchronized void rethrow() {
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error err) {
                throw err;
            }
        }
    }
}
