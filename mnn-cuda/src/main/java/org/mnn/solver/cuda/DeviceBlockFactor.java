package org.mnn.solver.cuda;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import org.mnn.solver.BlockNormalEquations;

/**
 * Every item's factorisation, computed and kept in a {@link KernelDevice}'s memory by the kernels
 * of {@code neurlp_blocks.cu}: the band by a {@link DeviceBand} algorithm, then the border's Schur
 * complement; freed when the {@link org.mnn.solver.Solution} that holds it becomes unreachable.
 * Every array, on the host and the device, is item-interleaved ({@code [K][...][B]},
 * {@link #LAYOUT}), the layout the kernels read coalesced, so arrays travel as they are.
 */
final class DeviceBlockFactor implements BlockNormalEquations.BlockFactor {
    private static final Cleaner CLEANER = Cleaner.create();
    static final BlockNormalEquations.Layout LAYOUT = BlockNormalEquations.Layout.ITEM_INTERLEAVED;

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

    /** Factors the arrays {@link BlockNormalEquations#assemble} wrote in {@link #LAYOUT}. */
    DeviceBlockFactor(KernelDevice device, DeviceBand.Algorithm algorithm, BlockNormalEquations sys, double[] diag,
                      double[] upper, double[] border, double[] corner) {
        this.device = device;
        this.kb = sys.blocks();
        this.b = sys.items();
        this.m = sys.blockSize();
        this.mb = sys.borderSize();
        this.memory = new DeviceMemory(device);
        try {
            band = DeviceBand.of(algorithm, memory, b, kb, m, memory.upload(diag), memory.upload(upper));
            DevicePointer info = memory.allocate(4L * b);
            double tol = BlockNormalEquations.pivotTolerance();
            band.factor(diag, tol, info);
            if (mb > 0) {
                f = memory.upload(border);
                z = memory.upload(border);
                g = memory.upload(corner);
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
            memory.runAfter(ex);
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
                throw sys.illPosedBand(item, block, local, pivot, diag[LAYOUT.at(block, item, local * m + local, m * m, b)]);
            }
            if (what == 2) {
                throw sys.illPosedBorder(item, unknown, pivot, corner[LAYOUT.at(0, item, unknown * mb + unknown, mb * mb, b)]);
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
        // scratch of this solve, freed at its end (the factors live in memory until the cleaner)
        DeviceMemory scratch = new DeviceMemory(device);
        try {
            DevicePointer x = scratch.allocate((long) kb * m * b);
            DevicePointer y = mb > 0 ? scratch.allocate((long) mb * b) : DevicePointer.NULL;
            device.upload(bandRhs, x);
            band.solve(x, 1);
            if (mb > 0) {
                device.upload(borderRhs, y);
                device.launch(Kernel.BORDER_SOLVE, (long) b, kb, m, mb, f, z, g, x, y);
            }
            device.download(x, bandRhs);
            if (mb > 0) {
                device.download(y, borderRhs);
            }
        } catch (RuntimeException e) {
            scratch.runAfter(e);
            throw e;
        } finally {
            // the factors' cleaner must not run while their kernels do
            Reference.reachabilityFence(this);
        }
        scratch.run();
    }

    @Override
    public void checkValid() {
        if (memory.freed()) {
            throw new IllegalStateException("this factorisation's device memory was released");
        }
    }
}
