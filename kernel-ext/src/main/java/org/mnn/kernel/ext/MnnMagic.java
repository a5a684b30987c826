package org.mnn.kernel.ext;

import java.util.List;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.mnn.solver.BandedNeuRlpSolver;
import org.mnn.solver.BatchParallel;
import org.mnn.solver.OdeSolver;
import org.mnn.solver.nd4j.Nd4jBackendInfo;

/**
 * {@code %mnn}: versions, what the solver runs on, and the magics. {@code %mnn --plotly} embeds
 * plotly.js in this cell's output (for a notebook whose first plot's output was cleared).
 */
public final class MnnMagic implements LineMagic<Object, BaseKernel> {

    @Override
    public Object eval(BaseKernel kernel, List<String> args) {
        if (args.size() == 1 && args.get(0).equals("--plotly")) {
            DisplayData data = new DisplayData("plotly.js " + PlotlyHtml.PLOTLY_VERSION + " loaded");
            data.putHTML(PlotlyHtml.libraryHtmlNow() + "<p>plotly.js " + PlotlyHtml.PLOTLY_VERSION + " loaded</p>");
            kernel.display(data);
            return null;
        }
        if (!args.isEmpty()) {
            throw new MagicUsageException("%mnn: unexpected argument '" + args.get(0)
                    + "': expected no argument, or --plotly");
        }
        kernel.display(new DisplayData(info()));
        return null;
    }

    /** The solver %%ode uses (system property mnn.solver: cpu, the default, nd4j, or a provider's: cuda). */
    static String solverLine() {
        String name = System.getProperty(OdeSolver.PROPERTY, "cpu").trim();
        List<String> names = OdeSolver.names();
        String choose = " (system property " + OdeSolver.PROPERTY + " = " + String.join(" | ", names) + ")";
        String key = name.toLowerCase(java.util.Locale.ROOT);
        return switch (key) {
            case "cpu" -> "cpu: NeuRLP in plain Java (banded; arithmetic: " + BandedNeuRlpSolver.laneArithmetic()
                    + "), " + BatchParallel.threads() + " thread(s) (system property mnn.threads)" + choose;
            case "nd4j" -> "nd4j: NeuRLP as ND4J tensor operations on the backend below" + choose;
            case "dense" -> "dense: the O(N^3) reference solver" + choose;
            default -> names.contains(key) ? key + ": " + OdeSolver.provider(key).describe(key) + choose
                    : "invalid " + OdeSolver.PROPERTY + " '" + name + "'" + choose;
        };
    }

    /** "CPU (org.nd4j...CpuBackend), device: 2 cores, OPENBLAS" or the CUDA device. */
    static String backendLine() {
        Nd4jBackendInfo b = Nd4jBackendInfo.current();
        return b.kind() + " (" + b.backendClass() + "), device: " + b.device();
    }

    public static String info() {
        String version = MnnExtension.class.getPackage().getImplementationVersion();
        return String.join("\n",
                "MNN " + (version != null ? version : "dev") + " (Mechanistic Neural Networks, NeuRLP solver)",
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
                "Solver: " + solverLine(),
                "ND4J backend: " + backendLine(),
                "Plots: plotly.js " + PlotlyHtml.PLOTLY_VERSION + " (embedded, offline) and PNG (JFreeChart)",
                "",
                "Magics:",
                "  %mnn             this summary",
                "  %mnn --plotly    embed plotly.js again (when the first plot's output was cleared)",
                "  %%ode --init \"x(0) = 1, x'(0) = 0\" --t START:STOP:STEP",
                "        [--param NAME=VALUE]... [--name VAR] [--tol TOL] [--max-iter N] [--no-png]",
                "    The cell body holds the equations, one per line or separated by ';'.",
                "    Solves with NeuRLP as ./mnn solve does, plots every variable and the phase",
                "    portrait, and stores the solution in VAR (default ode): ode.times(),",
                "    ode.values(\"x\"), ode.values(\"x'\"), ode.columns(), ode.points(), ode.toCsv()");
    }
}
