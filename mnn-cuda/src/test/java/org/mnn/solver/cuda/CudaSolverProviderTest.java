package org.mnn.solver.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.NeuRlpOptions;
import org.mnn.solver.OdeSolver;
import org.mnn.solver.Solution;

/**
 * The module's plumbing: the names it adds, what it says without a GPU, the host build's errors,
 * the argument checks, and device memory released once a Solution is gone.
 * (The arithmetic is checked by mnn-core's IllPosedTest and SolversEqualBandedTest, which this
 * module runs on cuda-host.)
 */
class CudaSolverProviderTest {
    @Test
    void theNamesAreFoundThroughTheServiceLoader() {
        assertThat(OdeSolver.names()).containsSequence("cpu", "nd4j", "dense").contains("cuda", "cuda-host");
        assertThat(OdeSolver.named("CUDA-host", NeuRlpOptions.defaults())).isInstanceOf(CudaNeuRlpSolver.class);
        assertThat(((CudaNeuRlpSolver) OdeSolver.named("cuda-host", NeuRlpOptions.defaults())).device())
                .contains("built for the CPU").endsWith("; block cyclic reduction");
        assertThat(new CudaSolverProvider().describe("cuda-host")).endsWith("; band: block cyclic reduction");
        assertThatThrownBy(() -> OdeSolver.named("opencl", NeuRlpOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("solver: expected one of cpu, nd4j, dense, cuda, cuda-host, got 'opencl'");
    }

    /** Here (no GPU) the cuda solver says what is missing; on a GPU machine it names the GPU. */
    @Test
    void cudaSaysWhatItRunsOnOrWhatIsMissing() {
        String d = new CudaSolverProvider().describe("cuda");
        assertThat(d).matches("(unavailable: cuda: (the NVIDIA driver library was not found \\(tried libcuda\\.so\\.1, "
                + "libcuda\\.so\\)\\. This machine has no NVIDIA driver.*|.*)|CUDA GPU 0: .* \\(compute capability "
                + "\\d+\\.\\d+, \\d+ GiB\\), driver \\d+\\.\\d+, kernels by NVRTC \\d+\\.\\d+ for .*)");
        if (d.startsWith("unavailable")) {
            assertThatThrownBy(() -> OdeSolver.named("cuda", NeuRlpOptions.defaults()))
                    .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("cuda: ");
        }
    }

    @Test
    void aMissingCompilerIsNamed() {
        assertThatThrownBy(() -> HostDevice.build("/nonexistent/cc"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not run the C compiler '/nonexistent/cc'")
                .hasMessageContaining("-Dmnn.cuda.hostcc=PATH");
    }

    @Test
    void launchesCheckTheirArguments() {
        assertThatThrownBy(() -> Kernel.SOLVE.check(1L, 2, 3, 4))
                .hasMessage("mnn_solve: expected 7 arguments, got 4");
        Object[] args = {5L, 2, 3, 1e-12, DevicePointer.NULL, DevicePointer.NULL, DevicePointer.NULL};
        Kernel.FACTOR.check(args);
        assertThat(Kernel.FACTOR.threads(args)).isEqualTo(5);
        assertThat(Kernel.CR_UPDATE.threads(5L, 4, 9, 3, 2, DevicePointer.NULL, DevicePointer.NULL,
                DevicePointer.NULL, DevicePointer.NULL)).as("nb * count").isEqualTo(20);
        args[3] = 1;
        assertThatThrownBy(() -> Kernel.FACTOR.check(args)).hasMessage("mnn_factor: argument 3: expected Double, got Integer");
    }

    /** The factors of a Solution no longer reachable are freed by the cleaner. */
    @Test
    void deviceMemoryIsReleasedWithTheSolution() throws InterruptedException {
        HostDevice device = HostDevice.shared();
        int before = device.allocations();
        solveAndDrop(device);
        assertThat(device.allocations()).as("factors held while the Solution lives").isGreaterThan(before);
        for (int i = 0; i < 100 && device.allocations() > before; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(device.allocations()).isEqualTo(before);
    }

    private static void solveAndDrop(HostDevice device) {
        double[] c = new double[4 * 3];
        for (int b = 0; b < 4; b++) {
            c[b * 3] = 1.0 + b;
            c[b * 3 + 2] = 1.0;
        }
        double[] iv = new double[4 * 2];
        Arrays.fill(iv, 1.0);
        OdeBatch batch = OdeBatch.builder(4, 20, 1, 2).coefficients(c, false).rhs(new double[4 * 20])
                .initialValues(1, 2, iv).uniformStep(0.1).build();
        Solution s = new CudaNeuRlpSolver(NeuRlpOptions.defaults(), device, DeviceBand.Algorithm.CYCLIC_REDUCTION)
                .solve(batch);
        assertThat(s.values()).doesNotContain(Double.NaN);
    }
}
