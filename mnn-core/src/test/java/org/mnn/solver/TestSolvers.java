package org.mnn.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The solvers the shared solver tests (IllPosedTest, SolversEqualBandedTest) run on: by default
 * the built-in ones plus every usable {@link OdeSolverProvider} solver on the class path; the
 * system property {@value #PROPERTY} (comma-separated names) narrows the list, as the mnn-cuda
 * module does to run these tests on its own solvers. A provider's solver that says it is
 * unavailable (no GPU) is left out.
 */
final class TestSolvers {
    static final String PROPERTY = "mnn.test.solvers";

    private TestSolvers() {
    }

    /** The solvers under test, {@code cpu} and {@code dense} included unless the property narrows the list. */
    static List<String> all() {
        String chosen = System.getProperty(PROPERTY, "").trim();
        List<String> names = chosen.isEmpty() ? OdeSolver.names() : Arrays.asList(chosen.split("\\s*,\\s*"));
        List<String> out = new ArrayList<>();
        for (String name : names) {
            if (List.of("cpu", "nd4j", "dense").contains(name)
                    || !OdeSolver.provider(name).describe(name).startsWith("unavailable")) {
                out.add(name);
            }
        }
        return out;
    }

    /** The solvers under test other than the banded reference (cpu) and the dense one. */
    static List<String> alternatives() {
        List<String> out = new ArrayList<>(all());
        out.removeAll(List.of("cpu", "dense"));
        return out;
    }
}
