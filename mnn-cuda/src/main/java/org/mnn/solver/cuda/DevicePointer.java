package org.mnn.solver.cuda;

/** An address in a {@link KernelDevice}'s memory (0: none, the kernels' NULL). */
record DevicePointer(long address) {
    static final DevicePointer NULL = new DevicePointer(0);
}
