package org.mnn.solver;

import java.util.Arrays;

/**
 * One thread's scratch for {@link AssemblyPlan#assemble}: the table of step powers and
 * coefficient products, the last step's contributions per slot, and what they were computed
 * from (plan, h_{s-1}, h_{s-2} + h_{s-1} per lane), so that a step with the same inputs reuses
 * them. {@link #reset} before each group: the lanes' items change.
 */
final class AssemblyScratch {
    final double[] table;
    final double[] sums;
    final LaneSteps steps = new LaneSteps();
    /** The plan whose products the table holds, or null. */
    AssemblyPlan plan;

    AssemblyScratch(AssemblyPlan[] plans) {
        table = new double[Arrays.stream(plans).mapToInt(AssemblyPlan::tableSize).max().orElse(0)];
        sums = new double[Arrays.stream(plans).mapToInt(AssemblyPlan::sumsSize).max().orElse(0)];
    }

    void reset() {
        plan = null;
        steps.reset();
    }
}
