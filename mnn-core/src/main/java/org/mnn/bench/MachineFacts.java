package org.mnn.bench;

import java.util.List;
import java.util.Locale;
import org.mnn.solver.BandedNeuRlpSolver;
import org.mnn.solver.BatchParallel;

/**
 * What a benchmark ran on: cores, solver threads, Java, the solver's lane arithmetic (SIMD or
 * scalar), maximum heap, operating system.
 * {@link #current()} reads the solver's thread count, which fixes it for the JVM (see
 * {@link BatchParallel}): set {@code mnn.threads} before calling it.
 */
public record MachineFacts(int cores, int solverThreads, String java, String laneArithmetic, long maxHeapBytes,
                           String os) {

    public static MachineFacts current() {
        String java = System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vm.vendor") + ")";
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")";
        return new MachineFacts(Runtime.getRuntime().availableProcessors(), BatchParallel.threads(), java,
                BandedNeuRlpSolver.laneArithmetic(), Runtime.getRuntime().maxMemory(), os);
    }

    /** One fact per line, e.g. {@code cores: 2 (solver threads: 2)}. */
    public List<String> lines() {
        return List.of(
                String.format(Locale.ROOT, "cores: %d (solver threads: %d)", cores, solverThreads),
                "Java: " + java,
                "solver arithmetic: " + laneArithmetic,
                String.format(Locale.ROOT, "max heap: %.0f MB", maxHeapBytes / 1e6),
                "OS: " + os);
    }
}
