package org.mnn.solver;

import java.util.List;
import java.util.Optional;

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

    /**
     * Where the named solver's time went since the last call (which this call resets): device
     * work and transfers, so that a benchmark can tell them from the CPU's share. Empty if the
     * provider keeps no such account.
     */
    default Optional<Profile> takeProfile(String name) {
        return Optional.empty();
    }

    /** Kernel launches, milliseconds in kernels and in copies, and megabytes copied. */
    record Profile(long launches, double kernelMs, double copyMs, double copiedMegabytes) {
        /** The same account divided by {@code runs}. */
        public Profile per(int runs) {
            return new Profile(launches / runs, kernelMs / runs, copyMs / runs, copiedMegabytes / runs);
        }
    }
}
