package org.mnn.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.nd4j.Nd4jNeuRlpSolver;

/** Solves a batch of linear ODEs with NeuRLP; the result can be differentiated. */
public interface OdeSolver {
    /** System property choosing the solver of {@link #configured}: a name of {@link #names()}, {@code cpu} by default. */
    String PROPERTY = "mnn.solver";

    Solution solve(OdeBatch batch);

    NeuRlpOptions options();

    /** The default solver: {@link BandedNeuRlpSolver}, linear in N. */
    static OdeSolver create(NeuRlpOptions options) {
        return new BandedNeuRlpSolver(options);
    }

    /** The names {@link #named} accepts: cpu, nd4j, dense, then those of {@link OdeSolverProvider}s on the class path. */
    static List<String> names() {
        List<String> out = new ArrayList<>(List.of("cpu", "nd4j", "dense"));
        for (OdeSolverProvider p : ServiceLoader.load(OdeSolverProvider.class)) {
            out.addAll(p.names());
        }
        return out;
    }

    /**
     * A solver chosen at run time: {@code cpu} ({@link BandedNeuRlpSolver}, plain Java on all
     * cores, the default), {@code nd4j} ({@link Nd4jNeuRlpSolver}: the same problem as ND4J tensor
     * operations on ND4J's backend, CPU or CUDA), {@code dense} ({@link DenseNeuRlpSolver},
     * the O(N^3) reference), or a name of an {@link OdeSolverProvider} on the class path
     * ({@code cuda} with the mnn-cuda module). Case-insensitive.
     */
    static OdeSolver named(String name, NeuRlpOptions options) {
        String key = key(name);
        return switch (key) {
            case "cpu", "banded" -> new BandedNeuRlpSolver(options);
            case "nd4j" -> new Nd4jNeuRlpSolver(options);
            case "dense" -> new DenseNeuRlpSolver(options);
            default -> provider(name).create(key, options);
        };
    }

    /** The provider of a solver name that is not built in; an error listing {@link #names()} if none. */
    static OdeSolverProvider provider(String name) {
        String key = key(name);
        for (OdeSolverProvider p : ServiceLoader.load(OdeSolverProvider.class)) {
            if (p.names().contains(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("solver: expected one of " + String.join(", ", names()) + ", got '" + name + "'");
    }

    private static String key(String name) {
        return name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    }

    /** The solver named by the system property {@value #PROPERTY} ({@code cpu} when unset). */
    static OdeSolver configured(NeuRlpOptions options) {
        return named(System.getProperty(PROPERTY, "cpu"), options);
    }
}
