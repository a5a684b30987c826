package org.mnn.solver;

import java.util.Locale;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.nd4j.Nd4jNeuRlpSolver;

/** Solves a batch of linear ODEs with NeuRLP; the result can be differentiated. */
public interface OdeSolver {
    /** The names {@link #named} accepts. */
    String NAMES = "cpu, nd4j, dense";

    /** System property choosing the solver of {@link #configured}: {@code cpu} (default) or {@code nd4j}. */
    String PROPERTY = "mnn.solver";

    Solution solve(OdeBatch batch);

    NeuRlpOptions options();

    /** The default solver: {@link BandedNeuRlpSolver}, linear in N. */
    static OdeSolver create(NeuRlpOptions options) {
        return new BandedNeuRlpSolver(options);
    }

    /**
     * A solver chosen at run time: {@code cpu} ({@link BandedNeuRlpSolver}, plain Java on all
     * cores, the default), {@code nd4j} ({@link Nd4jNeuRlpSolver}: the same problem as ND4J tensor
     * operations on ND4J's backend, CPU or CUDA) or {@code dense} ({@link DenseNeuRlpSolver},
     * the O(N^3) reference). Case-insensitive.
     */
    static OdeSolver named(String name, NeuRlpOptions options) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "cpu", "banded" -> new BandedNeuRlpSolver(options);
            case "nd4j" -> new Nd4jNeuRlpSolver(options);
            case "dense" -> new DenseNeuRlpSolver(options);
            default -> throw new IllegalArgumentException("solver: expected one of " + NAMES + ", got '" + name + "'");
        };
    }

    /** The solver named by the system property {@value #PROPERTY} ({@code cpu} when unset). */
    static OdeSolver configured(NeuRlpOptions options) {
        return named(System.getProperty(PROPERTY, "cpu"), options);
    }

    /** The name {@link #named} gives this solver's kind: cpu, nd4j, dense, or the class name. */
    static String nameOf(OdeSolver solver) {
        if (solver instanceof BandedNeuRlpSolver) {
            return "cpu";
        }
        if (solver instanceof Nd4jNeuRlpSolver) {
            return "nd4j";
        }
        if (solver instanceof DenseNeuRlpSolver) {
            return "dense";
        }
        return solver.getClass().getName();
    }
}
