package org.mnn.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The chunked scheduler: every item once, nested jobs, the lowest chunk's failure, no job kept. */
class BatchParallelTest {
    private static final long WORK = 1_000_000; // per item: enough for threads to be used

    @Test
    void everyItemRunsExactlyOnce() {
        AtomicIntegerArray visits = new AtomicIntegerArray(1000);
        for (int repeat = 0; repeat < 20; repeat++) {
            BatchParallel.forEachRange(1000, WORK, () -> (from, to) -> {
                for (int i = from; i < to; i++) {
                    visits.incrementAndGet(i);
                }
            });
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(visits.get(i)).as("item %d", i).isEqualTo(20);
        }
    }

    @Test
    void aTaskThatRunsAParallelJobItselfDoesNotDeadlock() {
        AtomicIntegerArray visits = new AtomicIntegerArray(8 * 100);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> BatchParallel.forEachRange(8, WORK, () -> (from, to) -> {
            for (int outer = from; outer < to; outer++) {
                int base = outer * 100;
                BatchParallel.forEachRange(100, WORK, () -> (a, b) -> {
                    for (int i = a; i < b; i++) {
                        visits.incrementAndGet(base + i);
                    }
                });
            }
        }));
        for (int i = 0; i < visits.length(); i++) {
            assertThat(visits.get(i)).as("item %d", i).isEqualTo(1);
        }
    }

    @Test
    void theLowestFailingChunkIsReported() {
        for (int repeat = 0; repeat < 10; repeat++) {
            assertThatThrownBy(() -> BatchParallel.forEachRange(1000, WORK, () -> (from, to) -> {
                for (int i = from; i < to; i++) {
                    if (i == 500 || i == 800) {
                        throw new IllegalStateException("item " + i);
                    }
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("item 500");
        }
        // and the scheduler still works afterwards
        AtomicIntegerArray visits = new AtomicIntegerArray(10);
        BatchParallel.forEachRange(10, WORK, () -> (from, to) -> {
            for (int i = from; i < to; i++) {
                visits.incrementAndGet(i);
            }
        });
        assertThat(visits.get(9)).isEqualTo(1);
    }

    @Test
    void aFinishedJobIsNotKeptReachableByTheHelpers() throws InterruptedException {
        org.junit.jupiter.api.Assumptions.assumeTrue(BatchParallel.threads() > 1, "one solver thread: no helpers");
        // a solve's factors are captured by its tasks; a helper that held on to the last job kept
        // them (gigabytes for a large batch) until the next parallel job
        java.lang.ref.WeakReference<double[]> captured = null;
        boolean helperRan = false;
        for (int attempt = 0; attempt < 5 && !helperRan; attempt++) {
            java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
            captured = runJobCapturing(new double[1 << 20], threads);
            helperRan = threads.stream().anyMatch(name -> name.startsWith("mnn-solver-"));
        }
        assertThat(helperRan).as("a helper thread took part").isTrue();
        for (int i = 0; i < 50 && captured.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(captured.get()).as("the finished job's captured array").isNull();
    }

    private static java.lang.ref.WeakReference<double[]> runJobCapturing(double[] big, java.util.Set<String> threads) {
        BatchParallel.forEachRange(64, WORK, () -> (from, to) -> {
            threads.add(Thread.currentThread().getName());
            big[from] += 1;
            try {
                Thread.sleep(2); // slow chunks: the helper gets some
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return new java.lang.ref.WeakReference<>(big);
    }
}
