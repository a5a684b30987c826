package org.mnn.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The chunked scheduler: every item once, nested jobs, the lowest chunk's failure. */
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
}
