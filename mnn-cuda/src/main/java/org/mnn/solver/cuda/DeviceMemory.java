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

    @Override
    public synchronized void run() {
        if (!freed) {
            freed = true;
            for (DevicePointer p : blocks) {
                device.free(p);
            }
            blocks.clear();
        }
    }
}
