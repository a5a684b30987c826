package org.mnn.solver.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Where the kernels of {@code neurlp_blocks.cu} run: a CUDA GPU ({@link CudaDriverDevice}) or the
 * CPU ({@link HostDevice}, the same source built by the C compiler, for checking the kernels
 * without a GPU). Memory is addressed by {@link DevicePointer}s and filled and read as float64.
 */
abstract class KernelDevice {
    /** The kernels' source, compiled by each device for itself. */
    static final String SOURCE_NAME = "neurlp_blocks.cu";

    /** One line: the device, its driver and compiler. */
    abstract String description();

    /** Memory for {@code doubles} float64 values (contents undefined). */
    abstract DevicePointer allocate(long doubles);

    /** Releases memory from {@link #allocate}; may be called from any thread (the GC's cleaner). */
    abstract void free(DevicePointer p);

    /** Copies {@code from} to the memory at {@code to}. */
    abstract void upload(double[] from, DevicePointer to);

    /** Copies {@code to.length} values from the memory at {@code from}. */
    abstract void download(DevicePointer from, double[] to);

    /** Runs {@code kernel} on {@link Kernel#threads} threads and waits for it. */
    abstract void launch(Kernel kernel, Object... args);

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
