package org.mnn.solver.cuda;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import org.mnn.solver.BatchParallel;
import org.mnn.solver.BlockNormalEquations;

/**
 * Every item's block Cholesky factors, computed and kept in a {@link KernelDevice}'s memory by the
 * kernels of {@code neurlp_blocks.cu}; freed when the {@link org.mnn.solver.Solution} that holds
 * them becomes unreachable. The host's block-major arrays ({@code [K][B][...]}) travel
 * item-interleaved ({@code [K][...][B]}), the layout the kernels read coalesced.
 */
final class DeviceBlockFactor implements BlockNormalEquations.BlockFactor {
    private static final Cleaner CLEANER = Cleaner.create();

    private final KernelDevice device;
    private final int kb;
    private final int b;
    private final int m;
    private final int mb;
    private final Memory memory;
    private final DevicePointer l;
    private final DevicePointer e;
    private final DevicePointer f;
    private final DevicePointer z;
    private final DevicePointer g;
    private final double minRatio;

    /** Device memory of one factorisation, freed once (by {@link #run}, from the cleaner or on failure). */
    private static final class Memory implements Runnable {
        private final KernelDevice device;
        private final List<DevicePointer> blocks = new ArrayList<>();
        private boolean freed;

        Memory(KernelDevice device) {
            this.device = device;
        }

        synchronized DevicePointer allocate(long doubles) {
            DevicePointer p = device.allocate(doubles);
            blocks.add(p);
            return p;
        }

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

    DeviceBlockFactor(KernelDevice device, BlockNormalEquations sys, double[] diag, double[] upper, double[] border,
                      double[] corner) {
        this.device = device;
        this.kb = sys.blocks();
        this.b = sys.items();
        this.m = sys.blockSize();
        this.mb = sys.borderSize();
        this.memory = new Memory(device);
        try {
            l = memory.upload(interleave(diag, kb, b, m * m));
            e = memory.upload(interleave(upper, kb, b, m * m));
            f = mb > 0 ? memory.upload(interleave(border, kb, b, m * mb)) : DevicePointer.NULL;
            z = mb > 0 ? memory.allocate((long) kb * m * mb * b) : DevicePointer.NULL;
            g = mb > 0 ? memory.upload(interleave(corner, 1, b, mb * mb)) : DevicePointer.NULL;
            DevicePointer info = memory.allocate(4L * b);
            device.launch(Kernel.FACTOR, b, (long) b, kb, m, mb, BlockNormalEquations.pivotTolerance(), l, e, f, z, g, info);
            double[] out = new double[4 * b];
            device.download(info, out);
            minRatio = checkPivots(sys, out, diag, corner);
        } catch (RuntimeException ex) {
            memory.run();
            throw ex;
        }
        CLEANER.register(this, memory);
    }

    /** The smallest pivot ratio; the first item (in item order) with a failed pivot is ill posed. */
    private double checkPivots(BlockNormalEquations sys, double[] info, double[] diag, double[] corner) {
        double ratio = 1.0;
        for (int item = 0; item < b; item++) {
            int what = (int) info[3 * b + item];
            int unknown = (int) info[b + item];
            double pivot = info[2 * b + item];
            if (what == 1) {
                int block = unknown / m;
                int local = unknown % m;
                throw sys.illPosedBand(item, block, local, pivot, diag[(((block * b) + item) * m + local) * m + local]);
            }
            if (what == 2) {
                throw sys.illPosedBorder(item, unknown, pivot, corner[(item * mb + unknown) * mb + unknown]);
            }
            ratio = Math.min(ratio, info[item]);
        }
        return ratio;
    }

    @Override
    public double minPivotRatio() {
        return minRatio;
    }

    @Override
    public void solveBlocks(double[] band, double[] border) {
        checkValid();
        DevicePointer x = device.allocate((long) kb * m * b);
        DevicePointer y = mb > 0 ? device.allocate((long) mb * b) : DevicePointer.NULL;
        try {
            device.upload(interleave(band, kb, b, m), x);
            if (mb > 0) {
                device.upload(interleave(border, 1, b, mb), y);
            }
            device.launch(Kernel.SOLVE, b, (long) b, kb, m, mb, l, e, f, z, g, x, y);
            double[] xi = new double[band.length];
            device.download(x, xi);
            deinterleave(xi, kb, b, m, band);
            if (mb > 0) {
                double[] yi = new double[border.length];
                device.download(y, yi);
                deinterleave(yi, 1, b, mb, border);
            }
        } finally {
            device.free(x);
            if (mb > 0) {
                device.free(y);
            }
        }
    }

    @Override
    public void checkValid() {
        if (memory.freed()) {
            throw new IllegalStateException("this factorisation's device memory was released");
        }
    }

    /** {@code [blocks][items][per]} to {@code [blocks][per][items]}, blocks in parallel (hundreds of MB for large batches). */
    static double[] interleave(double[] a, int blocks, int items, int per) {
        double[] out = new double[a.length];
        BatchParallel.forEachRange(blocks, (long) items * per, () -> (first, last) -> {
            for (int k = first; k < last; k++) {
                int o = k * items * per;
                for (int item = 0; item < items; item++) {
                    for (int i = 0; i < per; i++) {
                        out[o + i * items + item] = a[o + item * per + i];
                    }
                }
            }
        });
        return out;
    }

    /** The inverse of {@link #interleave}, into {@code out}. */
    static void deinterleave(double[] a, int blocks, int items, int per, double[] out) {
        BatchParallel.forEachRange(blocks, (long) items * per, () -> (first, last) -> {
            for (int k = first; k < last; k++) {
                int o = k * items * per;
                for (int item = 0; item < items; item++) {
                    for (int i = 0; i < per; i++) {
                        out[o + item * per + i] = a[o + i * items + item];
                    }
                }
            }
        });
    }
}
