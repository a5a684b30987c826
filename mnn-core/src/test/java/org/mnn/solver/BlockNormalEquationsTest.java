package org.mnn.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mnn.ode.OdeBatch;

/**
 * {@link BlockNormalEquations#assemble} overwrites every value of its arrays (their previous
 * contents, NaN here, never leak in), keeps the diagonal blocks symmetric, and pads the last block
 * with the identity. That the blocks hold the right numbers is shown end to end by
 * SolversEqualBandedTest and IllPosedTest, which solve them.
 */
class BlockNormalEquationsTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void everyValueIsWrittenAndTheDiagonalBlocksAreSymmetric(int c) {
        NeuRlpOptions options = c % 2 == 0 ? NeuRlpOptions.defaults() : NeuRlpOptions.withoutSlackOrCentralRows();
        OdeBatch batch = Problems.random(c, 1 + c, 7 + c, 1 + c % 3, 1 + c % 3, c % 2 == 0, c % 3 == 0, 1, c >= 4);
        BlockNormalEquations sys = BlockNormalEquations.of(batch, options);
        int k = sys.blocks();
        int b = sys.items();
        int m = sys.blockSize();
        int mb = sys.borderSize();
        double[][] zero = arrays(k, b, m, mb, 0.0);
        double[][] nan = arrays(k, b, m, mb, Double.NaN);
        for (double[][] a : new double[][][] {zero, nan}) {
            sys.assemble(BlockNormalEquations.Layout.BLOCK_MAJOR, a[0], a[1], mb > 0 ? a[2] : null, mb > 0 ? a[3] : null, a[4], mb > 0 ? a[5] : null);
        }
        for (int i = 0; i < zero.length; i++) {
            if (mb > 0 || i == 0 || i == 1 || i == 4) {
                assertThat(nan[i]).as("array %d", i).containsExactly(zero[i]);
            }
        }
        double[] diag = zero[0];
        for (int block = 0; block < k * b; block++) {
            for (int i = 0; i < m; i++) {
                assertThat(diag[block * m * m + i * m + i]).as("diagonal").isPositive();
                for (int j = 0; j < i; j++) {
                    assertThat(diag[block * m * m + i * m + j]).isEqualTo(diag[block * m * m + j * m + i]);
                }
            }
        }
        int padding = k * m - (batch.points() * batch.blockSize() - (batch.periodic() ? batch.blockSize() : 0));
        for (int item = 0; item < b; item++) {
            for (int l = m - padding; l < m; l++) {
                int at = ((k - 1) * b + item) * m * m;
                for (int j = 0; j < m; j++) {
                    assertThat(diag[at + l * m + j]).as("padding row").isEqualTo(l == j ? 1.0 : 0.0);
                }
            }
        }
    }

    /** The item-interleaved assembly holds the same numbers as the block-major one; global vectors round-trip in both. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 5})
    void bothLayoutsHoldTheSameNumbers(int c) {
        NeuRlpOptions options = c % 2 == 0 ? NeuRlpOptions.defaults() : NeuRlpOptions.withoutSlackOrCentralRows();
        OdeBatch batch = Problems.random(c, 3 + c, 9, 2, 2, true, false, 1, c >= 4);
        BlockNormalEquations sys = BlockNormalEquations.of(batch, options);
        int k = sys.blocks();
        int b = sys.items();
        int m = sys.blockSize();
        int mb = sys.borderSize();
        BlockNormalEquations.Layout major = BlockNormalEquations.Layout.BLOCK_MAJOR;
        BlockNormalEquations.Layout interleaved = BlockNormalEquations.Layout.ITEM_INTERLEAVED;
        double[][] x = arrays(k, b, m, mb, 0.0);
        double[][] y = arrays(k, b, m, mb, Double.NaN);
        sys.assemble(major, x[0], x[1], x[2], x[3], x[4], x[5]);
        sys.assemble(interleaved, y[0], y[1], y[2], y[3], y[4], y[5]);
        int[][] shapes = {{k, m * m}, {k, m * m}, {k, m * mb}, {1, mb * mb}, {k, m}, {1, mb}};
        for (int a = 0; a < 6; a++) {
            for (int block = 0; block < shapes[a][0]; block++) {
                for (int item = 0; item < b; item++) {
                    for (int e = 0; e < shapes[a][1]; e++) {
                        assertThat(y[a][interleaved.at(block, item, e, shapes[a][1], b)])
                                .isEqualTo(x[a][major.at(block, item, e, shapes[a][1], b)]);
                    }
                }
            }
        }
        double[] global = new double[b * sys.unknowns()];
        for (int i = 0; i < global.length; i++) {
            global[i] = i + 1;
        }
        for (BlockNormalEquations.Layout out : BlockNormalEquations.Layout.values()) {
            double[] band = new double[k * b * m];
            double[] borderPart = new double[b * mb];
            double[] back = new double[global.length];
            sys.toBlocks(out, global, band, borderPart);
            sys.fromBlocks(out, band, borderPart, back);
            assertThat(back).containsExactly(global);
        }
    }

    private static double[][] arrays(int k, int b, int m, int mb, double fill) {
        double[][] a = {new double[k * b * m * m], new double[k * b * m * m], new double[k * b * m * mb],
            new double[b * mb * mb], new double[k * b * m], new double[b * mb]};
        for (double[] x : a) {
            Arrays.fill(x, fill);
        }
        return a;
    }
}
