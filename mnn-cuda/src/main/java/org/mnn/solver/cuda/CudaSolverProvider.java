package org.mnn.solver.cuda;

import java.util.List;
import java.util.Optional;
import org.mnn.solver.NeuRlpOptions;
import org.mnn.solver.OdeSolver;
import org.mnn.solver.OdeSolverProvider;

/**
 * The names this module adds to {@link OdeSolver#named}: {@code cuda} (the kernels on NVIDIA GPU
 * 0, {@link CudaDriverDevice}) and {@code cuda-host} (the same kernels built by the C compiler and
 * run on the CPU, {@link HostDevice}: for checking the GPU path where there is no GPU).
 */
public final class CudaSolverProvider implements OdeSolverProvider {
    @Override
    public List<String> names() {
        return List.of("cuda", "cuda-host");
    }

    @Override
    public OdeSolver create(String name, NeuRlpOptions options) {
        return new CudaNeuRlpSolver(options, device(name), DeviceBand.Algorithm.configured());
    }

    @Override
    public String describe(String name) {
        try {
            return device(name).description() + "; band: " + DeviceBand.Algorithm.configured().label();
        } catch (IllegalStateException | IllegalArgumentException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    @Override
    public Optional<Profile> takeProfile(String name) {
        try {
            return Optional.of(device(name).takeProfile());
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static KernelDevice device(String name) {
        return switch (name) {
            case "cuda" -> CudaDriverDevice.shared();
            case "cuda-host" -> HostDevice.shared();
            default -> throw new IllegalArgumentException("solver: mnn-cuda has cuda and cuda-host, not '" + name + "'");
        };
    }
}
