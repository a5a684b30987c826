package org.mnn.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SIMD kernels against the scalar ones: the same IEEE operations in the same order, so equal
 * bit for bit on random inputs, every method. The whole solver runs on the scalar kernels in a
 * second test run ({@code mnn.simd=false}, see the pom), where the dense and finite-difference
 * checks cover them.
 */
class LaneKernelsTest {
    private static final int LANES = LaneKernels.LANES;
    private final Random rnd = new Random(7);
    private LaneKernels scalar;
    private LaneKernels vector;

    @BeforeEach
    void kernels() {
        assumeTrue(DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256, "this CPU has no 256-bit vectors");
        scalar = new ScalarLaneKernels();
        vector = new VectorLaneKernels();
    }

    @Test
    void theVectorKernelsRunWhereTheModuleAndTheCpuAllowIt() {
        // this test JVM is started with --add-modules jdk.incubator.vector (the pom's argLine)
        if (Boolean.parseBoolean(System.getProperty("mnn.simd", "true"))) {
            assertInstanceOf(VectorLaneKernels.class, LaneKernels.get());
            assertEquals("vector API, 256-bit", BandedNeuRlpSolver.laneArithmetic());
        } else {
            assertInstanceOf(ScalarLaneKernels.class, LaneKernels.get());
        }
    }

    @Test
    void rowProductsAgreeBitForBit() {
        for (int trial = 0; trial < 50; trial++) {
            int[] col = randomColumns();
            int entries = col.length;
            double[] vals = random(entries * LANES);
            double[] z = random(20 * LANES);
            double[] w = random(20 * LANES);
            double[] a = new double[LaneKernels.PRODUCTS];
            double[] b = new double[LaneKernels.PRODUCTS];
            scalar.rowProducts(vals, col, 0, entries, 8, z, w, a);
            vector.rowProducts(vals, col, 0, entries, 8, z, w, b);
            assertBitsEqual(a, b);
        }
    }

    @Test
    void rowResidualsAgreeBitForBit() {
        for (int trial = 0; trial < 50; trial++) {
            int[] col = randomColumns();
            int entries = col.length;
            double[] vals = random(entries * LANES);
            double[] x = random(20 * LANES);
            double[] r = random(20 * LANES);
            double[] res = random(LANES);
            double[] ra = r.clone();
            double[] rb = r.clone();
            double[] resA = res.clone();
            double[] resB = res.clone();
            double weight = 0.5 + rnd.nextDouble();
            scalar.rowResidual(vals, col, 0, entries, 8, weight, x, ra, resA);
            vector.rowResidual(vals, col, 0, entries, 8, weight, x, rb, resB);
            assertBitsEqual(ra, rb);
            assertBitsEqual(resA, resB);
        }
    }

    @Test
    void smoothnessSumsAgreeBitForBit() {
        // every stencil of a periodic problem with central rows, order 3, two dimensions: all row kinds
        org.mnn.ode.OdeBatch batch = Problems.random(5, 4, 12, 2, 3, true, false, 1, true);
        NeuRlpOptions options = NeuRlpOptions.defaults();
        RowStencil[] stencils = RowStencil.perStep(batch, options, new NeuRlpRows(batch, options));
        int block = batch.blockSize();
        for (int s = 0; s < stencils.length; s++) {
            RowStencil st = stencils[s];
            double[] vals = random(st.entries() * LANES);
            double[] pvals = random(st.entries() * LANES);
            double[] z = random((batch.points() * block + 1) * LANES);
            double[] w = random((batch.points() * block + 1) * LANES);
            double[] eps = random(LANES);
            double[] a = new double[LaneKernels.SUMS];
            double[] b = new double[LaneKernels.SUMS];
            int slackW = batch.points() * block * LANES;
            scalar.smoothnessSums(st, vals, pvals, s * block, z, w, eps, slackW, a);
            vector.smoothnessSums(st, vals, pvals, s * block, z, w, eps, slackW, b);
            assertBitsEqual(a, b);
        }
    }

    @Test
    void croutRowsAgreeBitForBit() {
        BandLayout layout = layoutOf(Problems.random(3, 4, 30, 2, 3, true, false, 1, false));
        int rows = layout.bandSize;
        for (boolean slackBorder : new boolean[] {true, false}) {
            double[] l = random((int) layout.factorLength() * LANES);
            double[] invD = random(rows * LANES);
            double[] x = random((rows + layout.shift + 1) * LANES);
            double[] diag = random(rows * LANES);
            double[] border = random(rows * LANES);
            for (int g = layout.shift + 1; g < layout.shift + rows; g += 3) {
                int lo = layout.first(g);
                double[][] a = {l.clone(), new double[(g - lo + 1) * LANES], x.clone(), border.clone(), new double[LANES]};
                double[][] b = {l.clone(), new double[(g - lo + 1) * LANES], x.clone(), border.clone(), new double[LANES]};
                scalar.croutRow(layout, g, lo, a[0], a[1], invD, a[2], diag, slackBorder ? a[3] : null, a[4]);
                vector.croutRow(layout, g, lo, b[0], b[1], invD, b[2], diag, slackBorder ? b[3] : null, b[4]);
                for (int i = 0; i < a.length; i++) {
                    assertBitsEqual(a[i], b[i]);
                }
            }
        }
    }

    @Test
    void pivotRowsAgreeBitForBitAndFlagZeroAndSmallPivots() {
        double[][] pivotSets = {
            {2.0, 3.0, 0.5, 1.5},          // fine
            {2.0, 1e-9, 0.5, 1.5},         // lane 1 below 1e-7 of its diagonal: small
            {2.0, 3.0, 1e-15, 1.5},        // lane 2 at 1e-15 of its diagonal: zero
            {2.0, Double.NaN, 0.5, 1.5},   // NaN: zero
        };
        int[] expected = {0, LaneKernels.SMALL_PIVOT, LaneKernels.ZERO_PIVOT, LaneKernels.ZERO_PIVOT};
        for (int c = 0; c < pivotSets.length; c++) {
            for (boolean slackBorder : new boolean[] {true, false}) {
                double[] diag = {4.0, 3.5, 1.0, 2.0, 9.0, 9.0, 9.0, 9.0};
                double[] border = random(8);
                double[] x = random(12);
                double[] schur = random(LANES);
                double[][] a = {new double[8], border.clone(), x.clone(), schur.clone()};
                double[][] b = {new double[8], border.clone(), x.clone(), schur.clone()};
                int fa = scalar.pivotRow(pivotSets[c].clone(), diag, a[0], 4, slackBorder ? a[1] : null, a[2], 4, 8, a[3]);
                int fb = vector.pivotRow(pivotSets[c].clone(), diag, b[0], 4, slackBorder ? b[1] : null, b[2], 4, 8, b[3]);
                assertEquals(expected[c], fa, "case " + c);
                assertEquals(fa, fb, "case " + c);
                for (int i = 0; i < a.length; i++) {
                    assertBitsEqual(a[i], b[i]);
                }
            }
        }
    }

    @Test
    void assemblySumsAgreeBitForBit() {
        int slots = 6;
        int[] slotOff = {0, 2, 3, 5, 8, 9};
        int[] slotEnd = {2, 2, 5, 9, 10, 14};
        int terms = slotEnd[slots - 1];
        int[] index = new int[terms];
        for (int k = 0; k < terms; k++) {
            index[k] = rnd.nextInt(7);
        }
        double[] coef = random(terms);
        double[] table = random(7 * LANES);
        double[] target = random(12 * LANES);
        double[] ta = target.clone();
        double[] tb = target.clone();
        double[] sa = new double[(slots + 2) * LANES];
        double[] sb = new double[(slots + 2) * LANES];
        assertEquals(slots * LANES + LANES, scalar.addTermSums(ta, 2, slotOff, slotEnd, index, coef, table, sa, LANES));
        assertEquals(slots * LANES + LANES, vector.addTermSums(tb, 2, slotOff, slotEnd, index, coef, table, sb, LANES));
        assertBitsEqual(ta, tb);
        assertBitsEqual(sa, sb);
        scalar.addSums(ta, 1, slotOff, sa, LANES);
        vector.addSums(tb, 1, slotOff, sb, LANES);
        assertBitsEqual(ta, tb);
    }

    @Test
    void substitutionKernelsAgreeBitForBit() {
        for (int count = 0; count < 9; count++) {
            double[] l = random(12 * LANES);
            double[] x = random(24 * LANES);
            double[] xa = x.clone();
            double[] xb = x.clone();
            scalar.subtractScaled(xa, 2 * LANES, l, LANES, count, xa, 20 * LANES);
            vector.subtractScaled(xb, 2 * LANES, l, LANES, count, xb, 20 * LANES);
            assertBitsEqual(xa, xb);
            scalar.subtractDot(xa, 21 * LANES, l, 3 * LANES, xa, 0, count);
            vector.subtractDot(xb, 21 * LANES, l, 3 * LANES, xb, 0, count);
            assertBitsEqual(xa, xb);
            double[] invD = random(count * LANES);
            double[] border = random(count * LANES);
            scalar.scaleAndSubtract(xa, LANES, invD, border, count, 23 * LANES);
            vector.scaleAndSubtract(xb, LANES, invD, border, count, 23 * LANES);
            assertBitsEqual(xa, xb);
        }
    }

    private static BandLayout layoutOf(org.mnn.ode.OdeBatch batch) {
        return new BandLayout(batch, new NeuRlpRows(batch, NeuRlpOptions.defaults()));
    }

    /** 1 to 12 entries' column offsets, -6 to 2 around a step (base 8 keeps them inside 20 slots). */
    private int[] randomColumns() {
        int[] col = new int[1 + rnd.nextInt(12)];
        for (int k = 0; k < col.length; k++) {
            col[k] = rnd.nextInt(9) - 6;
        }
        return col;
    }

    private double[] random(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextGaussian();
        }
        return a;
    }

    private static void assertBitsEqual(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                throw new AssertionError("index " + i + ": scalar " + expected[i] + ", vector " + actual[i]);
            }
        }
    }
}
