package org.mnn.solver.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The kernels on the CPU: {@code neurlp_blocks.cu} built as a shared library by the C compiler
 * (its non-CUDA branch loops over the items), called through the foreign function API, with
 * native memory for "device" memory. It checks the kernels' arithmetic, the data layout and every
 * Java call the GPU path makes, on any machine with a C compiler; it is not meant to be fast.
 * The compiler is {@code cc}, or the system property {@value #COMPILER_PROPERTY}.
 */
final class HostDevice extends KernelDevice {
    static final String COMPILER_PROPERTY = "mnn.cuda.hostcc";
    private static HostDevice shared;
    private static IllegalStateException failure;

    private final String compiler;
    private final Map<Kernel, MethodHandle> kernels = new EnumMap<>(Kernel.class);
    private final Map<Long, Arena> blocks = new ConcurrentHashMap<>();

    private HostDevice(String compiler, NativeLibrary library) {
        this.compiler = compiler;
        for (Kernel k : Kernel.values()) {
            MemoryLayout[] args = new MemoryLayout[k.signature.length()];
            for (int i = 0; i < args.length; i++) {
                args[i] = switch (k.signature.charAt(i)) {
                    case 'J' -> JAVA_LONG;
                    case 'I' -> JAVA_INT;
                    case 'D' -> JAVA_DOUBLE;
                    default -> ADDRESS;
                };
            }
            kernels.put(k, library.function(k.symbol, null, args));
        }
    }

    /** The device of this JVM, built on first use; the same failure every time if it cannot be. */
    static synchronized HostDevice shared() {
        if (shared == null && failure == null) {
            try {
                shared = build(System.getProperty(COMPILER_PROPERTY, "cc"));
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return shared;
    }

    /** Builds the kernels with {@code compiler}; an {@link IllegalStateException} that says what failed. */
    static HostDevice build(String compiler) {
        try {
            Path dir = Files.createTempDirectory("mnn-cuda-host");
            Path src = dir.resolve(SOURCE_NAME);
            Path lib = dir.resolve("libmnn-neurlp-host.so");
            Path log = dir.resolve("cc.log");
            Files.writeString(src, source(), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(compiler, "-x", "c", "-std=c99", "-O2", "-fPIC", "-shared",
                    "-o", lib.toString(), src.toString(), "-lm")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("cuda-host: the C compiler '" + compiler + "' took over 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("cuda-host: '" + compiler + "' failed on " + SOURCE_NAME + " (exit "
                        + p.exitValue() + "):\n" + Files.readString(log));
            }
            for (Path f : List.of(src, log)) {
                Files.deleteIfExists(f);
            }
            lib.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return new HostDevice(compiler, NativeLibrary.open("the kernels built for the CPU", List.of(lib.toString()), ""));
        } catch (IOException e) {
            throw new IllegalStateException("cuda-host: could not run the C compiler '" + compiler + "' ("
                    + e.getMessage() + "); install gcc or set -D" + COMPILER_PROPERTY + "=PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cuda-host: interrupted while compiling the kernels", e);
        }
    }

    @Override
    String description() {
        return "the CUDA kernels built for the CPU by '" + compiler + "' (a check of the GPU path, one thread, not fast)";
    }

    /** Blocks allocated and not yet freed. */
    int allocations() {
        return blocks.size();
    }

    @Override
    DevicePointer allocate(long doubles) {
        Arena arena = Arena.ofShared();
        MemorySegment s = arena.allocate(Math.max(1, doubles) * Double.BYTES, Double.BYTES);
        // NaN everywhere, as a GPU's fresh memory holds whatever it held: a kernel that reads
        // what nothing wrote shows up in the tests instead of reading zeros
        s.fill((byte) 0xFF);
        blocks.put(s.address(), arena);
        return new DevicePointer(s.address());
    }

    @Override
    void free(DevicePointer p) {
        Arena arena = blocks.remove(p.address());
        if (arena == null) {
            throw new IllegalArgumentException("cuda-host: freeing memory that is not allocated: " + p);
        }
        arena.close();
    }

    private static MemorySegment at(DevicePointer p, long doubles) {
        return MemorySegment.ofAddress(p.address()).reinterpret(doubles * Double.BYTES);
    }

    @Override
    void copyIn(double[] from, DevicePointer to) {
        MemorySegment.copy(from, 0, at(to, from.length), JAVA_DOUBLE, 0, from.length);
    }

    @Override
    void copyOut(DevicePointer from, double[] to) {
        MemorySegment.copy(at(from, to.length), JAVA_DOUBLE, 0, to, 0, to.length);
    }

    @Override
    void run(Kernel kernel, Object... args) {
        Object[] values = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            values[i] = args[i] instanceof DevicePointer p ? MemorySegment.ofAddress(p.address()) : args[i];
        }
        try {
            kernels.get(kernel).invokeWithArguments(values);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cuda-host: " + kernel.symbol + " failed", e);
        }
    }
}
