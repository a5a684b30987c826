package org.mnn.kernel.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mnn.kernel.MnnKernel;

/** The magics inside the mnn kernel (no Jupyter connection): the solution becomes a notebook variable. */
class OdeMagicKernelTest {

    private static MnnKernel kernel;

    @BeforeAll
    static void start() {
        kernel = MnnKernel.create();
        kernel.onStartup();
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    @Test
    void theSolutionIsAVariableOfLaterCells() {
        kernel.evalRaw("%%ode --init \"x(0) = 1, x'(0) = 0\" --t 0:10:0.01 --param k=1 --no-png\nx'' + k*x = 0");
        assertThat(kernel.evalRaw("ode.times().length")).isEqualTo(1001);
        assertThat((double) kernel.evalRaw("ode.values(\"x\")[0]")).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-8));
        kernel.evalRaw("%%ode --init \"x(0) = 1\" --t 0:1:0.5 --name decay --no-png\nx' = -x");
        assertThat(kernel.evalRaw("decay.points()")).isEqualTo(3);
        assertThat(kernel.evalRaw("ode.points()")).isEqualTo(1001);
        DisplayData rendered = kernel.eval("decay");
        assertThat(rendered.hasDataForType(MIMEType.TEXT_HTML)).isTrue();
        assertThat(rendered.hasDataForType(MIMEType.parse(OdeDisplay.PLOTLY_MIME))).isTrue();
    }

    @Test
    void badArgumentsFailTheCellWithTheOptionNamed() {
        assertThatThrownBy(() -> kernel.evalRaw("%%ode --init \"x(0) = 1\" --t 0:1\nx' = -x"))
                .hasMessageContaining("invalid --t");
        assertThat(kernel.evalRaw("1 + 1")).isEqualTo(2);
    }

    @Test
    void mnnLineMagicRuns() {
        assertThat(MnnMagic.info()).contains("%%ode").contains("Java " + Runtime.version())
                .contains("Solver: cpu").containsPattern("arithmetic: (vector API, 256-bit|scalar Java)").contains("ND4J backend: CPU (org.nd4j.linalg.cpu.nativecpu.CpuBackend), device: ");
        kernel.evalRaw("%mnn");
    }
}
