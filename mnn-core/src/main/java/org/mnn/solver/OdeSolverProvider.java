package org.mnn.solver;

import java.util.List;

/**
 * Solvers that live outside this library (the GPU solver of the {@code mnn-cuda} module), found
 * by {@link OdeSolver#named} through {@link java.util.ServiceLoader}: a jar on the class path
 * that lists its provider in {@code META-INF/services/org.mnn.solver.OdeSolverProvider} adds its
 * names to {@code --solver}, {@code mnn.solver} and {@code %mnn}, and this library keeps no
 * dependency on it.
 */
public interface OdeSolverProvider {
    /** The names this provider answers to, lower case (e.g. {@code cuda}). */
    List<String> names();

    /**
     * A new solver of the given name (one of {@link #names()}). May throw
     * {@link IllegalStateException} with a message that says what is missing (no GPU, no driver).
     */
    OdeSolver create(String name, NeuRlpOptions options);

    /** One line on what the named solver runs on (device, driver, compiler), or why it cannot run. */
    String describe(String name);
}
