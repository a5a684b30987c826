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
 * ({@link BlockNormalEquations}), then factored and solved on the device by two kernels compiled
 * at run time ({@code neurlp_blocks.cu}: block Cholesky over the K blocks, one thread per batch
 * item, with the border's Schur complement). Refinement, the backward pass (the adjoint solves
 * every item at once with the device factors) and the error for an ill-posed item are the
 * library's, so the results equal the cpu solver's within rounding.
 *
 * <p>Cost model: per pass O(K m^3) work per item, B items in parallel, K sequential block steps
 * per thread; assembly and the layout change stay on the CPU, O(B K m^2). Memory on the device:
 * the factors, 2 K m^2 + 2 K m mb + mb^2 doubles per item, until the Solution is unreachable.
 */
public final class CudaNeuRlpSolver implements OdeSolver {
    private final NeuRlpOptions options;
    private final KernelDevice device;

    CudaNeuRlpSolver(NeuRlpOptions options, KernelDevice device) {
        this.options = Objects.requireNonNull(options, "options");
        this.device = Objects.requireNonNull(device, "device");
    }

    @Override
    public NeuRlpOptions options() {
        return options;
    }

    /** What the kernels run on. */
    public String device() {
        return device.description();
    }

    @Override
    public Solution solve(OdeBatch batch) {
        return BlockNormalEquations.of(batch, options).solve(
                (sys, diag, upper, border, corner) -> new DeviceBlockFactor(device, sys, diag, upper, border, corner));
    }
}
