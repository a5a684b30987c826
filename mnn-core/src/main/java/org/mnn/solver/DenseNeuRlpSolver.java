package org.mnn.solver;

import org.mnn.ode.OdeBatch;

/**
 * Reference solver: assembles the dense normal matrix of each item and factors it with Cholesky,
 * O((N b)^3) time and O((N b)^2) memory. For tests and benchmarks at small N; it shares only
 * the row definitions and the adjoint with {@link BandedNeuRlpSolver}.
 */
public final class DenseNeuRlpSolver implements OdeSolver {
    private final NeuRlpOptions options;

    public DenseNeuRlpSolver(NeuRlpOptions options) {
        this.options = options;
    }

    @Override
    public NeuRlpOptions options() {
        return options;
    }

    @Override
    public Solution solve(OdeBatch batch) {
        NeuRlpRows rows = new NeuRlpRows(batch, options);
        int n = rows.unknowns();
        int perItem = batch.points() * batch.blockSize();
        double[][] factors = new double[batch.batch()][];
        double[] u = new double[batch.batch() * perItem];
        double[] eps = new double[batch.batch()];
        Factor factor = new Factor(factors, n);
        BatchParallel.forEachRange(batch.batch(), (long) n * n, () -> (from, to) -> {
            RowBuffer buf = rows.newBuffer();
            for (int item = from; item < to; item++) {
                double[] m = new double[n * n];
                double[] x = new double[n];
                NormalEquations ne = new NormalEquations() {
                    @Override
                    void addMatrix(int i, int j, double v) {
                        m[i * n + j] += v;
                    }

                    @Override
                    void addRhs(int i, double v) {
                        x[i] += v;
                    }
                };
                for (int s = 0; s < batch.points(); s++) {
                    rows.rowsEndingAt(item, s, buf);
                    ne.addRows(buf, perItem);
                }
                if (options.slack()) {
                    x[perItem] += rows.alpha();
                }
                cholesky(item, m, n, batch);
                factors[item] = m;
                factor.solve(new int[] {item}, x);
                System.arraycopy(x, 0, u, item * perItem, perItem);
                eps[item] = options.slack() ? x[perItem] : 0.0;
            }
        });
        return new Solution(batch, options, u, eps, factor);
    }

    /** In-place lower Cholesky of the lower triangle of m. */
    private static void cholesky(int item, double[] m, int n, OdeBatch batch) {
        for (int j = 0; j < n; j++) {
            double diag = m[j * n + j];
            double d = diag;
            for (int k = 0; k < j; k++) {
                d -= m[j * n + k] * m[j * n + k];
            }
            if (!(d > Pivots.TOLERANCE * diag)) {
                throw new IllPosedProblemException(item, Pivots.describe(batch, j, d, diag));
            }
            double l = Math.sqrt(d);
            m[j * n + j] = l;
            for (int i = j + 1; i < n; i++) {
                double v = m[i * n + j];
                for (int k = 0; k < j; k++) {
                    v -= m[i * n + k] * m[j * n + k];
                }
                m[i * n + j] = v / l;
            }
        }
    }

    private static final class Factor implements SystemFactor {
        private final double[][] factors;
        private final int n;

        Factor(double[][] factors, int n) {
            this.factors = factors;
            this.n = n;
        }

        @Override
        public int lanes() {
            return 1;
        }

        @Override
        public void solve(int[] items, double[] x) {
            double[] l = factors[items[0]];
            for (int i = 0; i < n; i++) {
                double v = x[i];
                for (int k = 0; k < i; k++) {
                    v -= l[i * n + k] * x[k];
                }
                x[i] = v / l[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double v = x[i] / l[i * n + i];
                x[i] = v;
                for (int k = 0; k < i; k++) {
                    x[k] -= l[i * n + k] * v;
                }
            }
        }
    }
}
