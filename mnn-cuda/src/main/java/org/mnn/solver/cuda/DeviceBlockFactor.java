package org.mnn.solver.cuda;

import java.lang.ref.Cleaner;
import org.mnn.solver.BatchParallel;
import org.mnn.solver.BlockNormalEquations;

/**
 * Every item's factorisation, computed and kept in a {@link KernelDevice}'s memory by the kernels
 * of {@code neurlp_blocks.cu}: the band by a {@link DeviceBand} algorithm, then the border's Schur
 * complement; freed when the {@link org.mnn.solver.Solution} that holds it becomes unreachable.
 * The host's block-major arrays ({@code [K][B][...]}) travel item-interleaved
 * ({@code [K][...][B]}), the layout the kernels read coalesced.
 */
final class DeviceBlockFactor implements BlockNormalEquations.BlockFactor {
    private static final Cleaner CLEANER = Cleaner.create();

    private final KernelDevice device;
    private final int kb;
    private final int b;
    private final int m;
    private final int mb;
    private final DeviceMemory memory;
    private final DeviceBand band;
    private final DevicePointer f;
    private final DevicePointer z;
    private final DevicePointer g;
    private final double minRatio;

    DeviceBlockFactor(KernelDevice device, DeviceBand.Algorithm algorithm, BlockNormalEquations sys, double[] diag,
                      double[] upper, double[] border, double[] corner) {
        this.device = device;
        this.kb = sys.blocks();
        this.b = sys.items();
        this.m = sys.blockSize();
        this.mb = sys.borderSize();
        this.memory = new DeviceMemory(device);
        try {
            band = DeviceBand.of(algorithm, memory, b, kb, m, memory.upload(interleave(diag, kb, b, m * m)),
                    memory.upload(interleave(upper, kb, b, m * m)));
            DevicePointer info = memory.allocate(4L * b);
            double tol = BlockNormalEquations.pivotTolerance();
            band.factor(diag, tol, info);
            if (mb > 0) {
                double[] columns = interleave(border, kb, b, m * mb);
                f = memory.upload(columns);
                z = memory.upload(columns);
                g = memory.upload(interleave(corner, 1, b, mb * mb));
                band.solve(z, mb);
                device.launch(Kernel.BORDER_FACTOR, (long) b, kb, m, mb, tol, f, z, g, info);
            } else {
                f = DevicePointer.NULL;
                z = DevicePointer.NULL;
                g = DevicePointer.NULL;
            }
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
    public void solveBlocks(double[] bandRhs, double[] borderRhs) {
        checkValid();
        DevicePointer x = device.allocate((long) kb * m * b);
        DevicePointer y = mb > 0 ? device.allocate((long) mb * b) : DevicePointer.NULL;
        try {
            device.upload(interleave(bandRhs, kb, b, m), x);
            band.solve(x, 1);
            if (mb > 0) {
                device.upload(interleave(borderRhs, 1, b, mb), y);
                device.launch(Kernel.BORDER_SOLVE, (long) b, kb, m, mb, f, z, g, x, y);
            }
            double[] xi = new double[bandRhs.length];
            device.download(x, xi);
            deinterleave(xi, kb, b, m, bandRhs);
            if (mb > 0) {
                double[] yi = new double[borderRhs.length];
                device.download(y, yi);
                deinterleave(yi, 1, b, mb, borderRhs);
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
