package org.mnn.solver.cuda;

import java.util.Objects;
import org.mnn.ode.OdeBatch;
import org.mnn.solver.BlockNormalEquations;
import org.mnn.solver.NeuRlpOptions;
import org.mnn.solver.OdeSolver;
import org.mnn.solver.Solution;

/**
 * NeuRLP on a GPU for current NVIDIA hardware (Hopper and later included), without ND4J: the
 * normal equations are assembled on the CPU in block-tridiagonal form by the shared row generator
 * ({@link BlockNormalEquations}), then factored and solved on the device by kernels compiled at
 * run time ({@code neurlp_blocks.cu}): the band by block cyclic reduction (default) or by the
 * sequential block Cholesky ({@link DeviceBand.Algorithm}, system property
 * {@value DeviceBand#PROPERTY}), then the border's Schur complement. Refinement, the backward
 * pass (the adjoint solves every item at once with the device factors) and the error for an
 * ill-posed item are the library's, so the results equal the cpu solver's within rounding.
 *
 * <p>Cost model, per pass: cyclic reduction does about twice the arithmetic of the sequential
 * algorithm, O(K m^3) per item, in log2(K) levels of B K / 2^(level+1) parallel tasks; the
 * sequential one has B parallel tasks of K steps each. The border adds O(K m mb^2) per item, in
 * one thread per item. Assembly stays on the CPU, O(B K m^2), written straight in the kernels'
 * item-interleaved layout, and the blocks cross the bus. Device memory, kept until the Solution is unreachable: 2 K m^2 + 2 K m mb + mb^2
 * doubles per item, plus 2 K m^2 for cyclic reduction.
 */
public final class CudaNeuRlpSolver implements OdeSolver {
    private final NeuRlpOptions options;
    private final KernelDevice device;
    private final DeviceBand.Algorithm algorithm;

    CudaNeuRlpSolver(NeuRlpOptions options, KernelDevice device, DeviceBand.Algorithm algorithm) {
        this.options = Objects.requireNonNull(options, "options");
        this.device = Objects.requireNonNull(device, "device");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    }

    @Override
    public NeuRlpOptions options() {
        return options;
    }

    /** What the kernels run on, and the band algorithm. */
    public String device() {
        return device.description() + "; " + algorithm.label();
    }

    @Override
    public Solution solve(OdeBatch batch) {
        return BlockNormalEquations.of(batch, options).solve(new BlockNormalEquations.Factorizer() {
            @Override
            public BlockNormalEquations.BlockFactor factor(BlockNormalEquations sys, double[] diag, double[] upper,
                                                           double[] border, double[] corner) {
                return new DeviceBlockFactor(device, algorithm, sys, diag, upper, border, corner);
            }

            @Override
            public BlockNormalEquations.Layout layout() {
                return DeviceBlockFactor.LAYOUT;
            }
        });
    }
}
