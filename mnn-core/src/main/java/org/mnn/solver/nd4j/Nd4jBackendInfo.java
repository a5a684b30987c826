package org.mnn.solver.nd4j;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which ND4J backend is loaded and on what device: what {@code %mnn} and {@code mnn bench solver
 * --solver nd4j} print. {@code kind} is CPU or CUDA; {@code device} is the processor (CPU: cores
 * and BLAS vendor; CUDA: the first device's name and compute capability, as ND4J's CUDA
 * executioner reports them).
 *
 * <p>Reading this initialises ND4J (loads its native libraries) if nothing did before.
 */
public record Nd4jBackendInfo(String backendClass, String kind, String device) {

    /** The loaded backend. Never throws: a backend that fails to load is reported as such. */
    public static Nd4jBackendInfo current() {
        try {
            String backend = Nd4j.getBackend().getClass().getName();
            boolean cpu = Nd4j.getEnvironment().isCPU();
            Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
            String device = cpu ? cpuDevice(env) : cudaDevice(env);
            return new Nd4jBackendInfo(backend, cpu ? "CPU" : kindOf(backend), device);
        } catch (RuntimeException | LinkageError e) {
            return new Nd4jBackendInfo("none", "unavailable", "ND4J backend failed to load: " + e);
        }
    }

    /** "CPU: org.nd4j.linalg.cpu.nativecpu.CpuBackend, 2 cores, OPENBLAS". */
    public String summary() {
        return kind + ": " + backendClass + ", " + device;
    }

    private static String kindOf(String backend) {
        return backend.toLowerCase(Locale.ROOT).contains("cuda") || backend.toLowerCase(Locale.ROOT).contains("jcublas")
                ? "CUDA" : "other";
    }

    private static String cpuDevice(Properties env) {
        Object cores = env.get("cores");
        Object blas = env.get("blas.vendor");
        return (cores != null ? cores : Runtime.getRuntime().availableProcessors()) + " cores"
                + (blas != null ? ", " + blas : "");
    }

    /** The first CUDA device from {@code cuda.devicesInformation} (unverified here: no GPU on the build machine). */
    private static String cudaDevice(Properties env) {
        Object list = env.get("cuda.devicesInformation");
        if (list instanceof List<?> devices && !devices.isEmpty() && devices.get(0) instanceof Map<?, ?> d) {
            Object name = d.get("cuda.deviceName");
            Object major = d.get("cuda.deviceMajor");
            Object minor = d.get("cuda.deviceMinor");
            String cc = major != null && minor != null ? " (sm_" + major + minor + ")" : "";
            return devices.size() + " device(s), first: " + name + cc;
        }
        Object n = env.get("cuda.numGPUs");
        return n != null ? n + " CUDA device(s)" : "CUDA device";
    }
}
