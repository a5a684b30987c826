package org.mnn.solver.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * GPU 0 through the CUDA driver API ({@code libcuda.so.1}, installed with the NVIDIA driver), with
 * the kernels compiled at start-up by NVRTC ({@code libnvrtc}, CUDA 11.2 or later) for the GPU's
 * own architecture: machine code (a cubin for sm_XY) when NVRTC knows the architecture, otherwise
 * PTX for the newest architecture it knows, which the driver compiles. Nothing here depends on
 * prebuilt GPU code, so Hopper (sm_90), Blackwell and later work with any NVRTC that knows them,
 * or whose PTX their driver accepts.
 *
 * <p>Both libraries are opened through the foreign function API: a machine without them loses
 * nothing but this device ({@link #shared()} then says what is missing). NVRTC is found as
 * {@code libnvrtc.so[.13|.12]} by the dynamic loader, in {@code $CUDA_HOME} and
 * {@code /usr/local/cuda*}, or at the path in the system property {@value #NVRTC_PROPERTY}.
 * Calls are serialised; the primary context is made current on the calling thread each time, so
 * any thread may use the device (the GC's cleaner frees memory from its own).
 */
final class CudaDriverDevice extends KernelDevice {
    static final String NVRTC_PROPERTY = "mnn.cuda.nvrtc";
    static final String DRIVER_PROPERTY = "mnn.cuda.driver";
    private static final int THREADS_PER_BLOCK = 128;
    private static final int CUDA_ERROR_OUT_OF_MEMORY = 2;
    private static CudaDriverDevice shared;
    private static IllegalStateException failure;

    private final MethodHandle cuCtxSetCurrent;
    private final MethodHandle cuMemAlloc;
    private final MethodHandle cuMemFree;
    private final MethodHandle cuMemcpyHtoD;
    private final MethodHandle cuMemcpyDtoH;
    private final MethodHandle cuLaunchKernel;
    private final MethodHandle cuCtxSynchronize;
    private final MethodHandle cuGetErrorName;
    private final MemorySegment context;
    private final Map<Kernel, MemorySegment> functions = new EnumMap<>(Kernel.class);
    private final String description;

    /** The device of this JVM, opened on first use; the same failure every time if it cannot be. */
    static synchronized CudaDriverDevice shared() {
        if (shared == null && failure == null) {
            try {
                shared = new CudaDriverDevice(System.getProperty(DRIVER_PROPERTY), System.getProperty(NVRTC_PROPERTY));
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return shared;
    }

    /**
     * Opens GPU 0 through the driver library at {@code driver} (null or blank: libcuda.so.1 as the
     * dynamic loader finds it) and compiles the kernels with the NVRTC at {@code nvrtc} (null or
     * blank: searched, see the class comment).
     */
    CudaDriverDevice(String driver, String nvrtc) {
        NativeLibrary cuda = NativeLibrary.open("cuda: the NVIDIA driver library",
                driver != null && !driver.isBlank() ? List.of(driver.trim()) : List.of("libcuda.so.1", "libcuda.so"),
                "This machine has no NVIDIA driver, so no CUDA GPU can be used (or set -D" + DRIVER_PROPERTY
                        + "=/path/to/libcuda.so.1); the cpu solver works everywhere.");
        cuGetErrorName = cuda.function("cuGetErrorName", JAVA_INT, JAVA_INT, ADDRESS);
        cuCtxSetCurrent = cuda.function("cuCtxSetCurrent", JAVA_INT, ADDRESS);
        cuMemAlloc = cuda.function("cuMemAlloc_v2", JAVA_INT, ADDRESS, JAVA_LONG);
        cuMemFree = cuda.function("cuMemFree_v2", JAVA_INT, JAVA_LONG);
        // copies straight from and into Java arrays (no native staging buffer)
        cuMemcpyHtoD = cuda.heapFunction("cuMemcpyHtoD_v2", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG);
        cuMemcpyDtoH = cuda.heapFunction("cuMemcpyDtoH_v2", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);
        cuLaunchKernel = cuda.function("cuLaunchKernel", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        cuCtxSynchronize = cuda.function("cuCtxSynchronize", JAVA_INT);
        try (Arena arena = Arena.ofConfined()) {
            check(call(cuda.function("cuInit", JAVA_INT, JAVA_INT), 0), "cuInit");
            MemorySegment count = arena.allocate(JAVA_INT);
            check(call(cuda.function("cuDeviceGetCount", JAVA_INT, ADDRESS), count), "cuDeviceGetCount");
            if (count.get(JAVA_INT, 0) < 1) {
                throw new IllegalStateException("cuda: the NVIDIA driver sees no GPU");
            }
            MemorySegment dev = arena.allocate(JAVA_INT);
            check(call(cuda.function("cuDeviceGet", JAVA_INT, ADDRESS, JAVA_INT), dev, 0), "cuDeviceGet");
            int device = dev.get(JAVA_INT, 0);
            MethodHandle attribute = cuda.function("cuDeviceGetAttribute", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
            MemorySegment value = arena.allocate(JAVA_INT);
            check(call(attribute, value, 75, device), "cuDeviceGetAttribute(compute capability major)");
            int major = value.get(JAVA_INT, 0);
            check(call(attribute, value, 76, device), "cuDeviceGetAttribute(compute capability minor)");
            int minor = value.get(JAVA_INT, 0);
            MemorySegment name = arena.allocate(256);
            check(call(cuda.function("cuDeviceGetName", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), name, 256, device),
                    "cuDeviceGetName");
            MemorySegment bytes = arena.allocate(JAVA_LONG);
            check(call(cuda.function("cuDeviceTotalMem_v2", JAVA_INT, ADDRESS, JAVA_INT), bytes, device),
                    "cuDeviceTotalMem");
            check(call(cuda.function("cuDriverGetVersion", JAVA_INT, ADDRESS), value), "cuDriverGetVersion");
            int driverVersion = value.get(JAVA_INT, 0);
            MemorySegment ctx = arena.allocate(ADDRESS);
            check(call(cuda.function("cuDevicePrimaryCtxRetain", JAVA_INT, ADDRESS, JAVA_INT), ctx, device),
                    "cuDevicePrimaryCtxRetain");
            context = ctx.get(ADDRESS, 0);
            check(call(cuCtxSetCurrent, context), "cuCtxSetCurrent");

            NativeLibrary nvrtcLibrary = openNvrtc(nvrtc, driverVersion / 1000);
            Nvrtc.Image image = new Nvrtc(nvrtcLibrary).compile(source(), SOURCE_NAME, major * 10 + minor);
            MemorySegment module = arena.allocate(ADDRESS);
            // the driver copies the image: it need not outlive this constructor
            MemorySegment code = arena.allocate(image.bytes().length + 1L);
            MemorySegment.copy(image.bytes(), 0, code, JAVA_BYTE, 0, image.bytes().length);
            check(call(cuda.function("cuModuleLoadData", JAVA_INT, ADDRESS, ADDRESS), module, code),
                    "cuModuleLoadData(" + image.target() + " from " + image.compiler() + " " + nvrtcLibrary.name()
                            + "; an NVRTC newer than the driver (" + driverVersion / 1000 + "."
                            + driverVersion % 1000 / 10 + ") makes code it cannot load: set -D" + NVRTC_PROPERTY
                            + " to an older one)");
            MethodHandle getFunction = cuda.function("cuModuleGetFunction", JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
            for (Kernel k : Kernel.values()) {
                MemorySegment f = arena.allocate(ADDRESS);
                check(call(getFunction, f, module.get(ADDRESS, 0), arena.allocateFrom(k.symbol)),
                        "cuModuleGetFunction(" + k.symbol + ")");
                functions.put(k, f.get(ADDRESS, 0));
            }
            description = String.format(Locale.ROOT, "CUDA GPU 0: %s (compute capability %d.%d, %.0f GiB), driver %d.%d,"
                            + " kernels by %s (%s) for %s", name.getString(0), major, minor,
                    bytes.get(JAVA_LONG, 0) / (double) (1L << 30), driverVersion / 1000, driverVersion % 1000 / 10,
                    image.compiler(), nvrtcLibrary.name(), image.target());
        }
    }

    /**
     * NVRTC: the configured path, else by name and in the toolkit directories, those whose major
     * version is the driver's or older first (a newer NVRTC's code does not load on an older driver).
     */
    private static NativeLibrary openNvrtc(String configured, int driverMajor) {
        List<String> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured.trim());
        }
        for (int v = driverMajor; v >= 11; v--) {
            candidates.add("libnvrtc.so." + v);
        }
        candidates.add("libnvrtc.so");
        List<Path> roots = new ArrayList<>();
        for (String env : List.of("CUDA_HOME", "CUDA_PATH")) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                roots.add(Path.of(v));
            }
        }
        roots.add(Path.of("/usr/local/cuda"));
        try (Stream<Path> s = Files.list(Path.of("/usr/local"))) {
            s.filter(p -> p.getFileName().toString().startsWith("cuda-"))
                    .sorted(Comparator.reverseOrder()).forEach(roots::add);
        } catch (IOException e) {
            // no /usr/local: nothing more to search
        }
        for (Path root : roots) {
            for (String sub : List.of("lib64", "lib", "targets/x86_64-linux/lib")) {
                Path dir = root.resolve(sub);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> s = Files.list(dir)) {
                        s.map(Path::toString).filter(p -> p.matches(".*/libnvrtc\\.so(\\.\\d+)*$"))
                                .sorted(Comparator.comparing((String p) -> majorOf(p) > driverMajor)
                                        .thenComparing(Comparator.reverseOrder()))
                                .forEach(candidates::add);
                    } catch (IOException e) {
                        // unreadable directory: skip it
                    }
                }
            }
        }
        NativeLibrary nvrtc = NativeLibrary.open("cuda: NVRTC, CUDA's run-time compiler (libnvrtc)", candidates,
                "Install the CUDA toolkit's NVRTC (Debian/Ubuntu: cuda-nvrtc-12-x or cuda-nvrtc-13-x) or set -D"
                        + NVRTC_PROPERTY + "=/path/to/libnvrtc.so.");
        preloadBuiltins(nvrtc.name());
        return nvrtc;
    }

    /** The major version in a library file name (libnvrtc.so.12 -> 12), 0 if none. */
    static int majorOf(String path) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\.so\\.(\\d+)").matcher(path);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /**
     * NVRTC loads its builtins library ({@code libnvrtc-builtins.so.X.Y}) by file name at compile
     * time, which fails when NVRTC's directory is not on the loader's path (a toolkit under
     * /usr/local/cuda without ldconfig). Opening it first by full path makes that name resolve to
     * the library already loaded.
     */
    private static void preloadBuiltins(String nvrtc) {
        Path dir = nvrtc.contains("/") ? Path.of(nvrtc).getParent() : null;
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().matches("libnvrtc-builtins\\.so\\.\\d+\\.\\d+"))
                    .findFirst().ifPresent(p -> {
                        try {
                            java.lang.foreign.SymbolLookup.libraryLookup(p, Arena.global());
                        } catch (IllegalArgumentException e) {
                            // NVRTC will report what it misses
                        }
                    });
        } catch (IOException e) {
            // unreadable directory: NVRTC will report what it misses
        }
    }

    @Override
    String description() {
        return description;
    }

    @Override
    DevicePointer allocate(long doubles) {
        long bytes = Math.max(1, doubles) * Double.BYTES;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(JAVA_LONG);
            int r = tryAllocate(p, bytes);
            // factors kept by unreachable Solutions are freed by the GC's cleaner, which needs this
            // device's lock: run the GC and wait outside the lock, trying again for up to a second
            for (int wait = 0; r == CUDA_ERROR_OUT_OF_MEMORY && wait < 10; wait++) {
                if (wait == 0) {
                    System.gc();
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                r = tryAllocate(p, bytes);
            }
            check(r, "cuMemAlloc(" + bytes + " bytes)");
            return new DevicePointer(p.get(JAVA_LONG, 0));
        }
    }

    private synchronized int tryAllocate(MemorySegment p, long bytes) {
        current();
        return call(cuMemAlloc, p, bytes);
    }

    @Override
    synchronized void free(DevicePointer p) {
        current();
        check(call(cuMemFree, p.address()), "cuMemFree");
    }

    @Override
    synchronized void copyIn(double[] from, DevicePointer to) {
        current();
        check(call(cuMemcpyHtoD, to.address(), MemorySegment.ofArray(from), (long) from.length * Double.BYTES),
                "cuMemcpyHtoD");
    }

    @Override
    synchronized void copyOut(DevicePointer from, double[] to) {
        current();
        check(call(cuMemcpyDtoH, MemorySegment.ofArray(to), from.address(), (long) to.length * Double.BYTES),
                "cuMemcpyDtoH");
    }

    @Override
    synchronized void run(Kernel kernel, Object... args) {
        current();
        try (Arena arena = Arena.ofConfined()) {
            // cuLaunchKernel takes an array of pointers to the argument values
            MemorySegment params = arena.allocate(ADDRESS, args.length);
            for (int i = 0; i < args.length; i++) {
                MemorySegment v;
                if (args[i] instanceof DevicePointer p) {
                    v = arena.allocateFrom(JAVA_LONG, p.address());
                } else if (args[i] instanceof Long l) {
                    v = arena.allocateFrom(JAVA_LONG, l);
                } else if (args[i] instanceof Integer n) {
                    v = arena.allocateFrom(JAVA_INT, n);
                } else {
                    v = arena.allocateFrom(JAVA_DOUBLE, (Double) args[i]);
                }
                params.setAtIndex(ADDRESS, i, v);
            }
            long blocks = Math.max(1, (kernel.threads(args) + THREADS_PER_BLOCK - 1) / THREADS_PER_BLOCK);
            check(call(cuLaunchKernel, functions.get(kernel), (int) blocks, 1, 1, THREADS_PER_BLOCK, 1, 1, 0,
                    MemorySegment.NULL, params, MemorySegment.NULL), "cuLaunchKernel(" + kernel.symbol + ")");
            check(call(cuCtxSynchronize), kernel.symbol);
        }
    }

    private void current() {
        check(call(cuCtxSetCurrent, context), "cuCtxSetCurrent");
    }

    private void check(int result, String what) {
        if (result != 0) {
            String name = "error " + result;
            if (cuGetErrorName != null) {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment s = arena.allocate(ADDRESS);
                    if (call(cuGetErrorName, result, s) == 0) {
                        name = s.get(ADDRESS, 0).reinterpret(256).getString(0) + " (" + result + ")";
                    }
                }
            }
            throw new IllegalStateException("cuda: " + what + " failed: " + name);
        }
    }

    /** Calls a CUresult-returning function. */
    static int call(MethodHandle f, Object... args) {
        try {
            return (int) f.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("native call failed", e);
        }
    }
}
