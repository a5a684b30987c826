package org.mnn.solver.cuda;

import java.util.Locale;

/**
 * The band (block-tridiagonal part) of every item's normal matrix, factored on a device by one of
 * the two algorithms of {@code neurlp_blocks.cu}, then solved with for any number of columns. The
 * arrays are item-interleaved device arrays ({@code [K][m][m][B]}); D is overwritten with the
 * Cholesky factors of the blocks, U with what each algorithm keeps of the couplings.
 */
abstract class DeviceBand {
    /** The algorithms, chosen with the system property {@value #PROPERTY}. */
    enum Algorithm {
        /** Block Thomas: one thread per item, K sequential block steps. */
        SEQUENTIAL,
        /** Block cyclic reduction: one thread per (block, item) and level, log2(K) levels. */
        CYCLIC_REDUCTION;

        /** {@code sequential} or {@code cyclic} (the default) from {@value #PROPERTY}. */
        static Algorithm configured() {
            String v = System.getProperty(PROPERTY, "cyclic").trim().toLowerCase(Locale.ROOT);
            return switch (v) {
                case "cyclic" -> CYCLIC_REDUCTION;
                case "sequential" -> SEQUENTIAL;
                default -> throw new IllegalArgumentException("system property " + PROPERTY
                        + ": expected cyclic or sequential, got '" + v + "'");
            };
        }

        String label() {
            return this == SEQUENTIAL ? "sequential block Cholesky" : "block cyclic reduction";
        }
    }

    static final String PROPERTY = "mnn.cuda.blocks";

    final KernelDevice device;
    final long nb;
    final int kb;
    final int m;
    final DevicePointer d;
    final DevicePointer u;

    DeviceBand(KernelDevice device, int items, int blocks, int m, DevicePointer d, DevicePointer u) {
        this.device = device;
        this.nb = items;
        this.kb = blocks;
        this.m = m;
        this.d = d;
        this.u = u;
    }

    static DeviceBand of(Algorithm a, DeviceMemory memory, int items, int blocks, int m, DevicePointer d,
                         DevicePointer u) {
        return a == Algorithm.SEQUENTIAL ? new SequentialBand(memory.device(), items, blocks, m, d, u)
                : new CyclicReductionBand(memory, items, blocks, m, d, u);
    }

    /**
     * Factors every item's band. {@code diag} is the host's copy of the diagonal blocks
     * ({@code [K][m][m][B]}, for M's diagonal); writes each item's {@code info} (smallest pivot
     * ratio, failed unknown or -1, its pivot, 1 if one failed).
     */
    abstract void factor(double[] diag, double tol, DevicePointer info);

    /** X = A^{-1} X for every item (A the band's block-tridiagonal matrix), X {@code [K][m][columns][B]}. */
    abstract void solve(DevicePointer x, int columns);

    /** The sequential algorithm: two kernels, one thread per item. */
    static final class SequentialBand extends DeviceBand {
        SequentialBand(KernelDevice device, int items, int blocks, int m, DevicePointer d, DevicePointer u) {
            super(device, items, blocks, m, d, u);
        }

        @Override
        void factor(double[] diag, double tol, DevicePointer info) {
            device.launch(Kernel.FACTOR, nb, kb, m, tol, d, u, info);
        }

        @Override
        void solve(DevicePointer x, int columns) {
            device.launch(Kernel.SOLVE, nb, kb, m, columns, d, u, x);
        }
    }

    /**
     * Block cyclic reduction: the level of stride s (1, 2, 4, ...) eliminates blocks s, 3s, 5s, ...
     * in parallel and updates the blocks 0, 2s, 4s, ... that remain; block 0 is factored last. A
     * factorisation is 2 launches per level, a solve 3, each over every (block, item) pair of the
     * level.
     */
    static final class CyclicReductionBand extends DeviceBand {
        private final DeviceMemory memory;
        private DevicePointer gl;
        private DevicePointer gr;

        CyclicReductionBand(DeviceMemory memory, int items, int blocks, int m, DevicePointer d, DevicePointer u) {
            super(memory.device(), items, blocks, m, d, u);
            this.memory = memory;
        }

        /** The blocks first, first + stride, ... below K. */
        private int count(int first, int stride) {
            return first >= kb ? 0 : (kb - 1 - first) / stride + 1;
        }

        /** The stride of the last level: the first power of two at or above K. */
        private int top() {
            int s = 1;
            while (s < kb) {
                s *= 2;
            }
            return s;
        }

        @Override
        void factor(double[] diag, double tol, DevicePointer info) {
            long squares = (long) kb * m * m * nb;
            gl = memory.allocate(squares);
            gr = memory.allocate(squares);
            DevicePointer dg = memory.upload(diagonals(diag));
            DevicePointer pinfo = memory.allocate(4L * kb * nb);
            for (int s = 1; s < kb; s *= 2) {
                device.launch(Kernel.CR_ELIMINATE, nb, count(s, 2 * s), kb, m, s, 2 * s, s, tol, d, u, gl, gr, dg, pinfo);
                device.launch(Kernel.CR_UPDATE, nb, count(0, 2 * s), kb, m, s, d, u, gl, gr);
            }
            device.launch(Kernel.CR_ELIMINATE, nb, 1, kb, m, 0, 1, top(), tol, d, u, gl, gr, dg, pinfo);
            device.launch(Kernel.CR_INFO, nb, kb, m, pinfo, info);
            // the solves need only the factors and G_L, G_R
            memory.release(dg);
            memory.release(pinfo);
            memory.release(u);
        }

        /** M's diagonal, {@code [K][m][B]}, from the diagonal blocks {@code [K][m][m][B]} (both item-interleaved). */
        private double[] diagonals(double[] diag) {
            int items = (int) nb;
            double[] out = new double[kb * m * items];
            for (int k = 0; k < kb; k++) {
                for (int i = 0; i < m; i++) {
                    System.arraycopy(diag, ((k * m + i) * m + i) * items, out, (k * m + i) * items, items);
                }
            }
            return out;
        }

        @Override
        void solve(DevicePointer x, int columns) {
            int s = 1;
            for (; s < kb; s *= 2) {
                device.launch(Kernel.CR_FORWARD, nb, count(s, 2 * s), m, columns, s, 2 * s, d, x);
                device.launch(Kernel.CR_FORWARD_UPDATE, nb, count(0, 2 * s), kb, m, columns, s, gl, gr, x);
            }
            device.launch(Kernel.CR_FORWARD, nb, 1, m, columns, 0, 1, d, x);
            device.launch(Kernel.CR_BACK, nb, 1, kb, m, columns, 0, 1, s, d, gl, gr, x);
            for (s /= 2; s >= 1; s /= 2) {
                device.launch(Kernel.CR_BACK, nb, count(s, 2 * s), kb, m, columns, s, 2 * s, s, d, gl, gr, x);
            }
        }
    }
}
