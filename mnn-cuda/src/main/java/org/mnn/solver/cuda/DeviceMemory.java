package org.mnn.solver.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * The device memory of one factorisation, freed once, all together: by {@link #run} from the GC's
 * cleaner when the factorisation is unreachable, or at once when building it failed.
 */
final class DeviceMemory implements Runnable {
    private final KernelDevice device;
    private final List<DevicePointer> blocks = new ArrayList<>();
    private boolean freed;

    DeviceMemory(KernelDevice device) {
        this.device = device;
    }

    KernelDevice device() {
        return device;
    }

    /** Room for {@code doubles} values, contents undefined. */
    synchronized DevicePointer allocate(long doubles) {
        DevicePointer p = device.allocate(doubles);
        blocks.add(p);
        return p;
    }

    /** A copy of {@code values} on the device. */
    DevicePointer upload(double[] values) {
        DevicePointer p = allocate(values.length);
        device.upload(values, p);
        return p;
    }

    synchronized boolean freed() {
        return freed;
    }

    /** Frees one block early (scratch no longer needed); the rest go with {@link #run}. */
    synchronized void release(DevicePointer p) {
        if (blocks.remove(p)) {
            device.free(p);
        }
    }

    /** Frees every block, each on its own: one that fails does not keep the others; the first failure is thrown after. */
    @Override
    public synchronized void run() {
        if (freed) {
            return;
        }
        freed = true;
        RuntimeException failure = null;
        for (DevicePointer p : blocks) {
            try {
                device.free(p);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        blocks.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** {@link #run} after a failure: a failure to free is added to {@code cause}, not thrown instead of it. */
    void runAfter(RuntimeException cause) {
        try {
            run();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
