package org.mnn.solver.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * CUDA source to GPU code with NVRTC: a cubin (machine code) for the GPU's own architecture when
 * this NVRTC knows it, else PTX for the newest architecture it knows below the GPU's (the driver
 * compiles PTX for the GPU it runs on). A compile error throws with NVRTC's log.
 */
final class Nvrtc {
    /** Compiled code, the compiler's name and version, and the target ("sm_90 cubin", "compute_90 PTX"). */
    record Image(byte[] bytes, String compiler, String target) {
    }

    private final NativeLibrary lib;
    private final MethodHandle getErrorString;

    Nvrtc(NativeLibrary lib) {
        this.lib = lib;
        this.getErrorString = lib.function("nvrtcGetErrorString", ADDRESS, JAVA_INT);
    }

    /** Compiles {@code source} for compute capability {@code arch} (major * 10 + minor). */
    Image compile(String source, String name, int arch) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment major = arena.allocate(JAVA_INT);
            MemorySegment minor = arena.allocate(JAVA_INT);
            check(CudaDriverDevice.call(lib.function("nvrtcVersion", JAVA_INT, ADDRESS, ADDRESS), major, minor),
                    "nvrtcVersion");
            String compiler = "NVRTC " + major.get(JAVA_INT, 0) + "." + minor.get(JAVA_INT, 0);
            int target = newestKnown(arena, arch);
            boolean cubin = target == arch;
            String option = "--gpu-architecture=" + (cubin ? "sm_" : "compute_") + target;

            MemorySegment prog = arena.allocate(ADDRESS);
            check(CudaDriverDevice.call(lib.function("nvrtcCreateProgram", JAVA_INT, ADDRESS, ADDRESS, ADDRESS,
                            JAVA_INT, ADDRESS, ADDRESS), prog, arena.allocateFrom(source), arena.allocateFrom(name), 0,
                    MemorySegment.NULL, MemorySegment.NULL), "nvrtcCreateProgram");
            MemorySegment program = prog.get(ADDRESS, 0);
            try {
                MemorySegment options = arena.allocate(ADDRESS, 1);
                options.setAtIndex(ADDRESS, 0, arena.allocateFrom(option));
                int result = CudaDriverDevice.call(lib.function("nvrtcCompileProgram", JAVA_INT, ADDRESS, JAVA_INT,
                        ADDRESS), program, 1, options);
                if (result != 0) {
                    throw new IllegalStateException("cuda: " + compiler + " could not compile " + name + " with "
                            + option + ": " + errorString(result) + "\n"
                            + new String(output(arena, program, "nvrtcGetProgramLog"), StandardCharsets.UTF_8).trim());
                }
                byte[] code = output(arena, program, cubin ? "nvrtcGetCUBIN" : "nvrtcGetPTX");
                return new Image(code, compiler, (cubin ? "sm_" : "compute_") + target + (cubin ? " (cubin)" : " (PTX)"));
            } finally {
                CudaDriverDevice.call(lib.function("nvrtcDestroyProgram", JAVA_INT, ADDRESS), prog);
            }
        }
    }

    /** The GPU's architecture if NVRTC lists it, else the newest listed below it (all if no list). */
    private int newestKnown(Arena arena, int arch) {
        Optional<MethodHandle> count = lib.optionalFunction("nvrtcGetNumSupportedArchs", JAVA_INT, ADDRESS);
        Optional<MethodHandle> list = lib.optionalFunction("nvrtcGetSupportedArchs", JAVA_INT, ADDRESS);
        if (count.isEmpty() || list.isEmpty()) {
            return arch;
        }
        MemorySegment n = arena.allocate(JAVA_INT);
        check(CudaDriverDevice.call(count.get(), n), "nvrtcGetNumSupportedArchs");
        MemorySegment archs = arena.allocate(JAVA_INT, Math.max(1, n.get(JAVA_INT, 0)));
        check(CudaDriverDevice.call(list.get(), archs), "nvrtcGetSupportedArchs");
        int best = -1;
        for (int i = 0; i < n.get(JAVA_INT, 0); i++) {
            int a = archs.getAtIndex(JAVA_INT, i);
            if (a <= arch && a > best) {
                best = a;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("cuda: this NVRTC supports no architecture at or below sm_" + arch);
        }
        return best;
    }

    /** The log, cubin or PTX of a program (function {@code getter}, with its {@code ...Size} companion). */
    private byte[] output(Arena arena, MemorySegment program, String getter) {
        MemorySegment size = arena.allocate(JAVA_LONG);
        String sizeFunction = getter.equals("nvrtcGetProgramLog") ? "nvrtcGetProgramLogSize" : getter + "Size";
        check(CudaDriverDevice.call(lib.function(sizeFunction, JAVA_INT, ADDRESS, ADDRESS), program, size), sizeFunction);
        long n = size.get(JAVA_LONG, 0);
        MemorySegment out = arena.allocate(Math.max(1, n));
        check(CudaDriverDevice.call(lib.function(getter, JAVA_INT, ADDRESS, ADDRESS), program, out), getter);
        return out.asSlice(0, n).toArray(JAVA_BYTE);
    }

    private void check(int result, String what) {
        if (result != 0) {
            throw new IllegalStateException("cuda: " + what + " failed: " + errorString(result));
        }
    }

    private String errorString(int result) {
        try {
            MemorySegment s = (MemorySegment) getErrorString.invokeWithArguments(result);
            return s.reinterpret(256).getString(0) + " (" + result + ")";
        } catch (Throwable e) {
            return "NVRTC error " + result;
        }
    }
}
