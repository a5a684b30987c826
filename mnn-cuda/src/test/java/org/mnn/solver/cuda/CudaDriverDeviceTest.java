package org.mnn.solver.cuda;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mnn.bench.SolverCheck;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.BandedNeuRlpSolver;
import org.mnn.solver.BlockNormalEquations;
import org.mnn.solver.Gradients;
import org.mnn.solver.IllPosedProblemException;
import org.mnn.solver.NeuRlpOptions;
import org.mnn.solver.OdeSolverProvider;
import org.mnn.solver.Solution;

/**
 * CudaDriverDevice's foreign-function calls, against stand-ins for the driver and NVRTC built
 * from mock_cuda.c and mock_nvrtc.c: the start-up sequence, the NVRTC options and the cubin/PTX
 * choice, memory, copies and the kernel arguments as the driver reads them (the stand-in runs the
 * real kernels on the CPU) for both band algorithms, the launches per solve, the error messages,
 * and memory freed with the Solution. What this
 * cannot test is a real GPU; bench/cuda-check.sh does that on a GPU machine.
 */
class CudaDriverDeviceTest {
    @TempDir
    static Path dir;
    static Path driver;
    static Path nvrtc;
    static MethodHandle setLimit;
    static MethodHandle liveAllocations;
    static MethodHandle allocatedBytes;
    static MethodHandle launches;
    static MethodHandle maxArch;

    @BeforeAll
    static void buildStandIns() throws IOException, InterruptedException {
        Files.writeString(dir.resolve(KernelDevice.SOURCE_NAME), KernelDevice.source());
        driver = compile("mock_cuda.c", "libcuda.so.1");
        nvrtc = compile("mock_nvrtc.c", "libnvrtc.so.13");
        NativeLibrary d = NativeLibrary.open("mock driver", List.of(driver.toString()), "");
        setLimit = d.function("mock_set_memory_limit", null, JAVA_LONG);
        liveAllocations = d.function("mock_live_allocations", JAVA_LONG);
        allocatedBytes = d.function("mock_allocated_bytes", JAVA_LONG);
        launches = d.function("mock_launches", JAVA_INT);
        maxArch = NativeLibrary.open("mock nvrtc", List.of(nvrtc.toString()), "").function("mock_nvrtc_max_arch", null, JAVA_INT);
    }

    private static Path compile(String source, String library) throws IOException, InterruptedException {
        Path src = dir.resolve(source);
        try (InputStream in = CudaDriverDeviceTest.class.getResourceAsStream(source)) {
            Files.write(src, in.readAllBytes());
        }
        Path lib = dir.resolve(library);
        Process p = new ProcessBuilder("cc", "-x", "c", "-std=c99", "-O1", "-fPIC", "-shared", "-I", dir.toString(),
                "-o", lib.toString(), src.toString(), "-lm").inheritIO().start();
        assertThat(p.waitFor()).as("cc " + source).isZero();
        return lib;
    }

    @AfterEach
    void resetStandIns() throws Throwable {
        setLimit.invokeWithArguments(-1L);
        maxArch.invokeWithArguments(90);
    }

    private static CudaDriverDevice device() {
        return new CudaDriverDevice(driver.toString(), nvrtc.toString());
    }

    @Test
    void startsUpAndDescribesTheGpu() {
        assertThat(device().description()).isEqualTo("CUDA GPU 0: Mock H200 (compute capability 9.0, 141 GiB),"
                + " driver 13.0, kernels by NVRTC 13.0 (" + nvrtc + ") for sm_90 (cubin)");
    }

    /** An NVRTC that does not know the GPU's architecture makes PTX for the newest it knows. */
    @Test
    void aNewerGpuThanNvrtcKnowsGetsPtx() throws Throwable {
        maxArch.invokeWithArguments(86);
        assertThat(device().description()).endsWith("kernels by NVRTC 13.0 (" + nvrtc + ") for compute_86 (PTX)");
    }

    @ParameterizedTest
    @EnumSource(DeviceBand.Algorithm.class)
    void solvesAsTheCpuSolverDoes(DeviceBand.Algorithm algorithm) {
        CudaNeuRlpSolver gpu = new CudaNeuRlpSolver(NeuRlpOptions.defaults(), device(), algorithm);
        BandedNeuRlpSolver cpu = new BandedNeuRlpSolver(NeuRlpOptions.defaults());
        Random rnd = new Random(3);
        for (int c = 0; c < 6; c++) {
            OdeBatch batch = SolverCheck.random(rnd.nextLong(), 1 + c * 7, 5 + c * 3, 1 + c % 3, 1 + c % 3,
                    c % 2 == 0, c % 3 == 0, 1, c == 5);
            Solution a = gpu.solve(batch);
            Solution b = cpu.solve(batch);
            assertClose(a.values(), b.values());
            double[] g = new double[a.values().length];
            for (int i = 0; i < g.length; i++) {
                g[i] = rnd.nextGaussian();
            }
            Gradients ga = a.backward(g, null);
            Gradients gb = b.backward(g, null);
            assertClose(ga.coefficients(), gb.coefficients());
            assertClose(ga.steps(), gb.steps());
            assertClose(ga.initialValues(), gb.initialValues());
        }
    }

    /**
     * Launches of one forward solve without border or refinement: sequential, 1 to factor and 1 to
     * solve; cyclic reduction of K blocks in L = ceil(log2 K) levels, 2L + 2 to factor and 3L + 2
     * to solve (depth logarithmic in N).
     */
    @Test
    void launchesPerSolve() throws Throwable {
        NeuRlpOptions options = NeuRlpOptions.withoutSlackOrCentralRows().withRefinement(0);
        for (int n : new int[] {2, 3, 17, 64, 100}) {
            OdeBatch batch = SolverCheck.random(n, 3, n, 1, 2, false, false, 1, false);
            int k = BlockNormalEquations.of(batch, options).blocks();
            int levels = 32 - Integer.numberOfLeadingZeros(k - 1);
            assertThat(launchesOf(new CudaNeuRlpSolver(options, device(), DeviceBand.Algorithm.SEQUENTIAL), batch))
                    .isEqualTo(2);
            assertThat(launchesOf(new CudaNeuRlpSolver(options, device(), DeviceBand.Algorithm.CYCLIC_REDUCTION), batch))
                    .as("K = %d", k).isEqualTo(5 * levels + 4);
        }
    }

    /** The account of launches, kernel and copy time and bytes that the benchmark prints. */
    @Test
    void launchesAndCopiesAreAccounted() {
        CudaDriverDevice device = device();
        NeuRlpOptions options = NeuRlpOptions.withoutSlackOrCentralRows().withRefinement(0);
        OdeBatch batch = SolverCheck.random(4, 3, 40, 1, 2, false, false, 1, false);
        new CudaNeuRlpSolver(options, device, DeviceBand.Algorithm.SEQUENTIAL).solve(batch);
        OdeSolverProvider.Profile p = device.takeProfile();
        assertThat(p.launches()).isEqualTo(2);
        assertThat(p.kernelMs()).isPositive();
        assertThat(p.copyMs()).isPositive();
        BlockNormalEquations sys = BlockNormalEquations.of(batch, options);
        long doubles = 2L * sys.blocks() * 3 * sys.blockSize() * sys.blockSize() // D and U up
                + 4L * 3 // info down
                + 2L * sys.blocks() * 3 * sys.blockSize(); // the right-hand side up and the solution down
        assertThat(p.copiedMegabytes()).isEqualTo(doubles * 8 / 1e6, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(device.takeProfile().launches()).as("reset by the call").isZero();
    }

    private static int launchesOf(CudaNeuRlpSolver solver, OdeBatch batch) throws Throwable {
        int before = (int) launches.invokeWithArguments();
        solver.solve(batch);
        return (int) launches.invokeWithArguments() - before;
    }

    @ParameterizedTest
    @EnumSource(DeviceBand.Algorithm.class)
    void anIllPosedItemIsNamed(DeviceBand.Algorithm algorithm) {
        double[] c = new double[3 * 3];
        for (int b = 0; b < 3; b++) {
            c[b * 3 + 2] = 1.0;
        }
        OdeBatch batch = OdeBatch.builder(3, 8, 1, 2).coefficients(c, false).rhs(new double[3 * 8]).uniformStep(0.1).build();
        assertThatThrownBy(() -> new CudaNeuRlpSolver(NeuRlpOptions.withoutSlackOrCentralRows(), device(), algorithm).solve(batch))
                .isInstanceOf(IllPosedProblemException.class)
                .hasMessageStartingWith("batch item 0: the NeuRLP system is singular (zero pivot at ");
    }

    /** Out of device memory: the driver's error by name, and nothing allocated left behind. */
    @Test
    void outOfMemoryIsReportedAndLeavesNothingAllocated() throws Throwable {
        CudaDriverDevice device = device();
        long before = (long) liveAllocations.invokeWithArguments();
        setLimit.invokeWithArguments(100_000L);
        OdeBatch batch = SolverCheck.random(1, 64, 200, 1, 2, false, false, 1, false);
        assertThatThrownBy(() -> new CudaNeuRlpSolver(NeuRlpOptions.defaults(), device, DeviceBand.Algorithm.CYCLIC_REDUCTION)
                .solve(batch))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageMatching("cuda: cuMemAlloc\\(\\d+ bytes\\) failed: CUDA_ERROR_OUT_OF_MEMORY \\(2\\)");
        assertThat((long) liveAllocations.invokeWithArguments()).isEqualTo(before);
    }

    /**
     * Out of memory, the allocation waits for frees from other threads (the GC's cleaner frees
     * unreachable factors that way) without holding the device's lock, which a free needs, then
     * tries again.
     */
    @Test
    void anAllocationOutOfMemoryWaitsForFreesFromOtherThreads() throws Throwable {
        CudaDriverDevice device = device();
        collectedAllocations(-1); // earlier tests' garbage freed first, so nothing else frees meanwhile
        long base = (long) allocatedBytes.invokeWithArguments();
        DevicePointer held = device.allocate(1000);
        setLimit.invokeWithArguments(base + 1500L * Double.BYTES);
        Thread cleaner = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            device.free(held);
        });
        cleaner.start();
        DevicePointer p = device.allocate(1000);
        cleaner.join();
        assertThat((long) allocatedBytes.invokeWithArguments()).isEqualTo(base + 1000L * Double.BYTES);
        device.free(p);
    }

    @Test
    void factorsAreFreedWithTheSolution() throws Throwable {
        CudaDriverDevice device = device();
        long before = collectedAllocations(-1);
        Solution s = new CudaNeuRlpSolver(NeuRlpOptions.defaults(), device, DeviceBand.Algorithm.CYCLIC_REDUCTION)
                .solve(SolverCheck.random(2, 4, 30, 2, 2, true, false, 1, false));
        assertThat((long) liveAllocations.invokeWithArguments()).isGreaterThan(before);
        assertThat(s.values()).doesNotContain(Double.NaN);
        s = null;
        assertThat(collectedAllocations(before)).isEqualTo(before);
    }

    /** Live allocations after the GC has run until they reach {@code target} (or stop falling, for -1). */
    private static long collectedAllocations(long target) throws Throwable {
        long last = Long.MAX_VALUE;
        int still = 0;
        for (int i = 0; i < 200; i++) {
            System.gc();
            Thread.sleep(20);
            long now = (long) liveAllocations.invokeWithArguments();
            if (now == target || (target < 0 && now == last && ++still >= 5)) {
                return now;
            }
            if (now != last) {
                still = 0;
            }
            last = now;
        }
        return last;
    }

    @Test
    void aMissingDriverIsNamed() {
        assertThatThrownBy(() -> new CudaDriverDevice(dir.resolve("nothing.so").toString(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cuda: the NVIDIA driver library was not found (tried " + dir.resolve("nothing.so"))
                .hasMessageContaining("-Dmnn.cuda.driver=/path/to/libcuda.so.1");
    }

    private static void assertClose(double[] a, double[] b) {
        double scale = 1e-300;
        for (double v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < b.length; i++) {
            assertThat(Math.abs(a[i] - b[i]) / scale).as("element %d: %s vs %s", i, a[i], b[i]).isLessThanOrEqualTo(1e-9);
        }
    }
}
