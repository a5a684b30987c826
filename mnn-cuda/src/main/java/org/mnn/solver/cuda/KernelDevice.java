package org.mnn.solver.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.mnn.solver.OdeSolverProvider;

/**
 * Where the kernels of {@code neurlp_blocks.cu} run: a CUDA GPU ({@link CudaDriverDevice}) or the
 * CPU ({@link HostDevice}, the same source built by the C compiler, for checking the kernels
 * without a GPU). Memory is addressed by {@link DevicePointer}s and filled and read as float64.
 * Launches and copies are timed (wall clock; launches wait for the kernel) for
 * {@link #takeProfile}.
 */
abstract class KernelDevice {
    /** The kernels' source, compiled by each device for itself. */
    static final String SOURCE_NAME = "neurlp_blocks.cu";

    /** The account for {@link #takeProfile}. */
    private long launches;
    private long kernelNanos;
    private long copyNanos;
    private long copyBytes;

    /** One line: the device, its driver and compiler. */
    abstract String description();

    /** Memory for {@code doubles} float64 values (contents undefined). */
    abstract DevicePointer allocate(long doubles);

    /** Releases memory from {@link #allocate}; may be called from any thread (the GC's cleaner). */
    abstract void free(DevicePointer p);

    /** Copies {@code from} to the memory at {@code to}. */
    final void upload(double[] from, DevicePointer to) {
        long t0 = System.nanoTime();
        copyIn(from, to);
        account(0, 0, System.nanoTime() - t0, (long) from.length * Double.BYTES);
    }

    /** Copies {@code to.length} values from the memory at {@code from}. */
    final void download(DevicePointer from, double[] to) {
        long t0 = System.nanoTime();
        copyOut(from, to);
        account(0, 0, System.nanoTime() - t0, (long) to.length * Double.BYTES);
    }

    /** Runs {@code kernel} on {@link Kernel#threads} threads and waits for it. */
    final void launch(Kernel kernel, Object... args) {
        kernel.check(args);
        long t0 = System.nanoTime();
        run(kernel, args);
        account(1, System.nanoTime() - t0, 0, 0);
    }

    abstract void copyIn(double[] from, DevicePointer to);

    abstract void copyOut(DevicePointer from, double[] to);

    /** Runs a checked launch to completion. */
    abstract void run(Kernel kernel, Object... args);

    private synchronized void account(long launch, long kernel, long copy, long bytes) {
        launches += launch;
        kernelNanos += kernel;
        copyNanos += copy;
        copyBytes += bytes;
    }

    /** Launches, kernel and copy time and bytes copied since the last call, which resets them. */
    synchronized OdeSolverProvider.Profile takeProfile() {
        OdeSolverProvider.Profile p = new OdeSolverProvider.Profile(launches, kernelNanos / 1e6, copyNanos / 1e6,
                copyBytes / 1e6);
        launches = 0;
        kernelNanos = 0;
        copyNanos = 0;
        copyBytes = 0;
        return p;
    }

    static String source() {
        try (InputStream in = KernelDevice.class.getResourceAsStream(SOURCE_NAME)) {
            if (in == null) {
                throw new IllegalStateException("the kernel source " + SOURCE_NAME + " is missing from the mnn-cuda jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the kernel source " + SOURCE_NAME, e);
        }
    }
}
