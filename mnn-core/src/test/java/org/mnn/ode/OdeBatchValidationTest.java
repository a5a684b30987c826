package org.mnn.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input of {@link OdeBatch.Builder#build()} raises {@link InvalidProblemException} with
 * a message that names the field, the position (decoded into item / step / equation / dim / order),
 * what was expected and what was found. The cases start from a valid batch (B = 2, N = 5, D = E = 2,
 * R = 2, S_iv = 2, K = 2) in each of its eight layouts and break one thing.
 */
class OdeBatchValidationTest {
    static final int B = 2;
    static final int N = 5;
    static final int D = 2;
    static final int E = 2;
    static final int R = 2;
    static final int S_IV = 2;
    static final int K = 2;

    /** A valid batch description whose arrays a case may change before building. */
    static final class Spec {
        final boolean coefPerStep;
        final boolean rhsPerStep;
        final boolean stepsPerItem;
        double[] c;
        double[] rhs;
        double[] iv;
        double[] h;
        int sIv = S_IV;
        int[] ks = {K, K};

        Spec(boolean coefPerStep, boolean rhsPerStep, boolean stepsPerItem) {
            this.coefPerStep = coefPerStep;
            this.rhsPerStep = rhsPerStep;
            this.stepsPerItem = stepsPerItem;
            c = filled(B * (coefPerStep ? N : 1) * E * D * (R + 1), 0.25);
            rhs = filled(B * (rhsPerStep ? N : 1) * E, 1.0);
            iv = filled(B * S_IV * D * K, 0.5);
            h = filled((stepsPerItem ? B : 1) * (N - 1), 0.1);
        }

        OdeBatch.Builder builder() {
            return OdeBatch.builder(B, N, D, R).equations(E)
                    .coefficients(c, coefPerStep)
                    .rhs(rhs, rhsPerStep)
                    .initialValues(sIv, ks, iv)
                    .steps(h, stepsPerItem);
        }

        /** A built copy of this (valid) spec, for its index functions. */
        OdeBatch valid() {
            return new Spec(coefPerStep, rhsPerStep, stepsPerItem).builder().build();
        }

        String layout() {
            return (coefPerStep ? "c per step" : "c constant") + ", " + (rhsPerStep ? "rhs per step" : "rhs constant")
                    + ", " + (stepsPerItem ? "steps per item" : "steps shared");
        }
    }

    static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    /** One bad input: how to break a spec, and what the message must contain. */
    record Case(String name, Spec spec, Consumer<Spec> breakIt, List<String> fragments) {
        @Override
        public String toString() {
            return name + " [" + spec.layout() + "]";
        }
    }

    static Stream<Spec> layouts() {
        List<Spec> out = new ArrayList<>();
        for (boolean c : new boolean[] {false, true}) {
            for (boolean r : new boolean[] {false, true}) {
                for (boolean s : new boolean[] {false, true}) {
                    out.add(new Spec(c, r, s));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void theBaseSpecIsValidInEveryLayout(Spec spec) {
        OdeBatch batch = spec.builder().build();
        assertThat(batch.coefficientsPerStep()).isEqualTo(spec.coefPerStep);
        assertThat(batch.rhsPerStep()).isEqualTo(spec.rhsPerStep);
        assertThat(batch.stepsPerItem()).isEqualTo(spec.stepsPerItem);
        assertThat(batch.initialSteps()).isEqualTo(S_IV);
        assertThat(batch.maxInitialOrder()).isEqualTo(K);
    }

    // ---- non-finite values, with the decoded position ------------------------------------------

    static Stream<Case> nonFinite() {
        List<Case> out = new ArrayList<>();
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        String[] shown = {"NaN", "Infinity", "-Infinity"};
        layouts().forEach(spec -> {
            OdeBatch ok = spec.valid();
            for (int v = 0; v < bad.length; v++) {
                double x = bad[v];
                String got = ", got " + shown[v];
                // coefficients at item 1, step 3 (per step), equation 0, dim 0, order 2
                int ci = ok.coefficientIndex(1, 3, 0, 0, 2);
                String cPos = spec.coefPerStep ? "coefficients[item 1, step 3, equation 0, dim 0, order 2]"
                        : "coefficients[item 1, equation 0, dim 0, order 2]";
                out.add(new Case("coefficients " + shown[v], spec, s -> s.c[ci] = x,
                        List.of(cPos + ": expected a finite number" + got)));
                // a second position, to check every axis is decoded (equation 1, dim 1, order 1)
                int ci2 = ok.coefficientIndex(0, 4, 1, 1, 1);
                String cPos2 = spec.coefPerStep ? "coefficients[item 0, step 4, equation 1, dim 1, order 1]"
                        : "coefficients[item 0, equation 1, dim 1, order 1]";
                out.add(new Case("coefficients (last step) " + shown[v], spec, s -> s.c[ci2] = x,
                        List.of(cPos2 + ": expected a finite number" + got)));
                int ri = ok.rhsIndex(1, 3, 1);
                String rPos = spec.rhsPerStep ? "rhs[item 1, step 3, equation 1]" : "rhs[item 1, equation 1]";
                out.add(new Case("rhs " + shown[v], spec, s -> s.rhs[ri] = x,
                        List.of(rPos + ": expected a finite number" + got)));
                int vi = ok.initialIndex(1, 1, 1, 1);
                out.add(new Case("initial values " + shown[v], spec, s -> s.iv[vi] = x,
                        List.of("initial values[item 1, step 1, dim 1, order 1]: expected a finite number" + got)));
                int hi = ok.stepOffset(1) + 2;
                String hPos = spec.stepsPerItem ? "steps[item 1, step 2]" : "steps[step 2]";
                out.add(new Case("steps " + shown[v], spec, s -> s.h[hi] = x,
                        List.of(hPos + ": expected a positive finite step size" + got)));
            }
        });
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonFinite")
    void nonFiniteValuesAreRejectedWithTheirPosition(Case c) {
        assertRejected(c);
    }

    static Stream<Case> badSteps() {
        List<Case> out = new ArrayList<>();
        for (boolean perItem : new boolean[] {false, true}) {
            Spec spec = new Spec(true, true, perItem);
            String pos = perItem ? "steps[item 1, step 0]" : "steps[step 0]";
            int i = perItem ? N - 1 : 0;
            for (double v : new double[] {0.0, -0.0, -0.1, -Double.MIN_VALUE}) {
                out.add(new Case("step " + v, spec, s -> s.h[i] = v,
                        List.of(pos + ": expected a positive finite step size, got " + v)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSteps")
    void zeroAndNegativeStepsAreRejected(Case c) {
        assertRejected(c);
    }

    // ---- array lengths, in both layouts of each array ------------------------------------------

    static Stream<Case> shapes() {
        List<Case> out = new ArrayList<>();
        layouts().forEach(spec -> {
            String cShape = spec.coefPerStep ? "(B=2 x N=5 x E=2 x D=2 x R+1=3)" : "(B=2 x E=2 x D=2 x R+1=3)";
            int cLen = spec.coefPerStep ? 120 : 24;
            String rShape = spec.rhsPerStep ? "(B=2 x N=5 x E=2)" : "(B=2 x E=2)";
            int rLen = spec.rhsPerStep ? 20 : 4;
            String hShape = spec.stepsPerItem ? "(B=2 x N-1=4)" : "(N-1=4)";
            int hLen = spec.stepsPerItem ? 8 : 4;
            String vShape = "(B=2 x S_iv=2 x D=2 x K=2)";
            for (int delta : new int[] {-1, 1}) {
                String what = delta < 0 ? " one short" : " one long";
                out.add(new Case("coefficients" + what, spec, s -> s.c = new double[cLen + delta],
                        List.of("coefficients: expected " + cLen + " values " + cShape + ", got " + (cLen + delta))));
                out.add(new Case("rhs" + what, spec, s -> s.rhs = new double[rLen + delta],
                        List.of("rhs: expected " + rLen + " values " + rShape + ", got " + (rLen + delta))));
                out.add(new Case("initial values" + what, spec, s -> s.iv = new double[16 + delta],
                        List.of("initial values: expected 16 values " + vShape + ", got " + (16 + delta))));
                out.add(new Case("steps" + what, spec, s -> s.h = filled(hLen + delta, 0.1),
                        List.of("steps: expected " + hLen + " values " + hShape + ", got " + (hLen + delta))));
            }
            out.add(new Case("coefficients missing", spec, s -> s.c = null,
                    List.of("coefficients: missing; expected " + cLen + " values " + cShape + ", got null")));
            out.add(new Case("rhs missing", spec, s -> s.rhs = null,
                    List.of("rhs: missing; expected " + rLen + " values " + rShape + ", got null")));
            out.add(new Case("initial values missing", spec, s -> s.iv = null,
                    List.of("initial values: missing; expected 16 values " + vShape + ", got null")));
            out.add(new Case("steps missing", spec, s -> s.h = null,
                    List.of("steps: missing; expected " + hLen + " values " + hShape + ", got null")));
            // the array of the other layout: the message says which flag to set
            int cOther = spec.coefPerStep ? 24 : 120;
            out.add(new Case("coefficients in the other layout", spec, s -> s.c = new double[cOther],
                    List.of("coefficients: expected " + cLen + " values " + cShape + ", got " + cOther,
                            spec.coefPerStep ? "time-constant layout [B][E][D][R+1]; pass perStep = false"
                                    : "per-step layout [B][N][E][D][R+1]; pass perStep = true")));
            int rOther = spec.rhsPerStep ? 4 : 20;
            out.add(new Case("rhs in the other layout", spec, s -> s.rhs = new double[rOther],
                    List.of("rhs: expected " + rLen + " values " + rShape + ", got " + rOther,
                            spec.rhsPerStep ? "pass perStep = false" : "pass perStep = true")));
            int hOther = spec.stepsPerItem ? 4 : 8;
            out.add(new Case("steps in the other layout", spec, s -> s.h = filled(hOther, 0.1),
                    List.of("steps: expected " + hLen + " values " + hShape + ", got " + hOther,
                            spec.stepsPerItem ? "shared layout [N-1]; pass perItem = false"
                                    : "per-item layout [B][N-1]; pass perItem = true")));
        });
        Spec spec = new Spec(true, true, false);
        out.add(new Case("initial values given without initial steps", spec, s -> s.sIv = 0,
                List.of("initial values: expected 0 values (B=2 x S_iv=0 x D=2 x K=2), got 16")));
        out.add(new Case("initial values sized for K = 1 while K = 2", spec, s -> s.iv = new double[8],
                List.of("initial values: expected 16 values (B=2 x S_iv=2 x D=2 x K=2), got 8")));
        out.add(new Case("initial values sized for S_iv = 1 while S_iv = 2", spec, s -> s.iv = new double[B * D * K],
                List.of("initial values: expected 16 values (B=2 x S_iv=2 x D=2 x K=2), got 8")));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void wrongLengthsAndMissingArraysAreRejected(Case c) {
        assertRejected(c);
    }

    // ---- sizes and counts --------------------------------------------------------------------

    @Test
    void orderBelowOne() {
        for (int r : new int[] {0, -1}) {
            assertRejected(() -> OdeBatch.builder(1, 3, 1, r).coefficients(new double[Math.max(r + 1, 0)], false)
                    .rhs(new double[] {0}, false).uniformStep(0.1).build(), "order R: expected at least 1, got " + r);
        }
    }

    @Test
    void fewerThanTwoGridPoints() {
        for (int n : new int[] {1, 0, -3}) {
            assertRejected(() -> OdeBatch.builder(1, n, 1, 1).coefficients(new double[] {1, 1}, false)
                    .rhs(new double[] {0}, false).uniformStep(0.1).build(), "grid points N: expected at least 2, got " + n);
        }
    }

    @Test
    void emptyBatch() {
        for (int b : new int[] {0, -1}) {
            assertRejected(() -> OdeBatch.builder(b, 3, 1, 1).coefficients(new double[0], false)
                    .rhs(new double[0], false).uniformStep(0.1).build(),
                    "batch size B: expected at least 1, got " + b + " (empty batch)");
        }
    }

    @Test
    void dimsBelowOne() {
        for (int d : new int[] {0, -2}) {
            assertRejected(() -> OdeBatch.builder(1, 3, d, 1).coefficients(new double[0], false)
                    .rhs(new double[0], false).uniformStep(0.1).build(), "state dimensions D: expected at least 1, got " + d);
            assertRejected(() -> OdeBatch.builder(1, 3, d, 1).coefficients(new double[0], false)
                    .rhs(new double[0], false).initialValues(1, 1, new double[0]).uniformStep(0.1).build(),
                    "state dimensions D: expected at least 1, got " + d);
        }
    }

    @Test
    void negativeEquationCount() {
        Spec spec = new Spec(true, true, false);
        assertRejected(() -> spec.builder().equations(-1).build(), "equations E: expected at least 0, got -1");
    }

    @Test
    void initialStepsOutsideTheGrid() {
        Spec spec = new Spec(true, true, false);
        spec.sIv = N + 1;
        spec.iv = new double[B * (N + 1) * D * K];
        assertRejected(() -> spec.builder().build(), "initial steps S_iv: expected 0..5 (the grid has N = 5 points), got 6");
        spec.sIv = -1;
        spec.iv = new double[0];
        assertRejected(() -> spec.builder().build(), "initial steps S_iv: expected 0..5 (the grid has N = 5 points), got -1");
        // S_iv = N is allowed: every step observed
        spec.sIv = N;
        spec.iv = new double[B * N * D * K];
        assertThat(spec.builder().build().initialSteps()).isEqualTo(N);
    }

    @Test
    void initialOrdersAboveROrNegative() {
        Spec spec = new Spec(true, true, false);
        spec.ks = new int[] {2, R + 1};
        spec.iv = new double[B * S_IV * D * (R + 1)];
        assertRejected(() -> spec.builder().build(),
                "initial orders[dim 1]: expected 0..2 given derivatives (order R = 2), got 3");
        spec.ks = new int[] {-1, 2};
        spec.iv = new double[B * S_IV * D * 2];
        assertRejected(() -> spec.builder().build(),
                "initial orders[dim 0]: expected 0..2 given derivatives (order R = 2), got -1");
        // the single-K overload goes through the same check
        assertRejected(() -> OdeBatch.builder(1, 3, 1, 1).coefficients(new double[] {1, 1}, false)
                .rhs(new double[] {0}, false).initialValues(1, 2, new double[2]).uniformStep(0.1).build(),
                "initial orders[dim 0]: expected 0..1 given derivatives (order R = 1), got 2");
    }

    @Test
    void wrongNumberOfPerDimensionInitialOrders() {
        Spec spec = new Spec(true, true, false);
        spec.ks = new int[] {2, 1, 1};
        assertRejected(() -> spec.builder().build(),
                "initial orders: expected one count per dimension (D = 2), got 3 counts [2, 1, 1]");
        spec.ks = new int[] {2};
        assertRejected(() -> spec.builder().build(),
                "initial orders: expected one count per dimension (D = 2), got 1 counts [2]");
        spec.ks = null;
        assertRejected(() -> spec.builder().build(), "initial orders: missing; expected one count per dimension (D = 2)");
    }

    @Test
    void perDimensionInitialOrdersAreAcceptedAndSizedByTheLargest() {
        Spec spec = new Spec(true, true, false);
        spec.ks = new int[] {2, 0};
        OdeBatch batch = spec.builder().build();
        assertThat(batch.initialOrder(0)).isEqualTo(2);
        assertThat(batch.initialOrder(1)).isZero();
        assertThat(batch.maxInitialOrder()).isEqualTo(2);
        // no initial rows at all: an absent array is fine
        spec.sIv = 0;
        spec.iv = null;
        assertThat(spec.builder().build().initialValues()).isEmpty();
    }

    // ---- helpers -----------------------------------------------------------------------------

    interface Build {
        OdeBatch build();
    }

    static void assertRejected(Case c) {
        Spec s = c.spec();
        Spec fresh = new Spec(s.coefPerStep, s.rhsPerStep, s.stepsPerItem);
        c.breakIt().accept(fresh);
        assertRejected(() -> fresh.builder().build(), c.fragments().toArray(new String[0]));
    }

    static void assertRejected(Build build, String... fragments) {
        assertThatThrownBy(build::build)
                .isInstanceOf(InvalidProblemException.class)
                .satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
    }
}
