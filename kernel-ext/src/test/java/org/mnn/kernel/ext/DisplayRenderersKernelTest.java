package org.mnn.kernel.ext;

import static org.assertj.core.api.Assertions.assertThat;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mnn.kernel.MnnKernel;

/** Cells ending in a Tablesaw table, a LossHistory or a TrainingCurve render through the extension. */
class DisplayRenderersKernelTest {

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
    void aTableRendersAsHtmlAndText() {
        DisplayData d = kernel.eval("tech.tablesaw.api.Table.create(\"t\", "
                + "tech.tablesaw.api.DoubleColumn.create(\"x\", 1.5, 2.0 / 3))");
        assertThat(d.getData(MIMEType.TEXT_HTML).toString()).contains("<table").contains(">0.666667</td>");
        assertThat(d.getData(MIMEType.TEXT_PLAIN).toString()).startsWith("t: 2 rows x 1 column");
    }

    @Test
    void afterCellHooksRunAfterEveryCellEvenAFailingOne() {
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        kernel.afterEachCell("test-counter", runs::incrementAndGet);
        kernel.afterEachCell("test-counter", runs::incrementAndGet); // same key: replaced, not added
        kernel.afterEachCell("test-failing", () -> {
            throw new IllegalStateException("a broken hook does not fail the cell");
        });
        try {
            assertThat(kernel.evalRaw("6 * 7")).isEqualTo(42);
            assertThat(runs.get()).isEqualTo(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> kernel.evalRaw("Integer.parseInt(\"x\")"))
                    .isInstanceOf(NumberFormatException.class);
            assertThat(runs.get()).isEqualTo(2);
        } finally {
            kernel.afterEachCell("test-counter", () -> { });
            kernel.afterEachCell("test-failing", () -> { });
        }
    }

    @Test
    void tablesawSelectionsWork() {
        // with DL4J's fastutil 6.5.7 instead of 8.5 these fail with AbstractMethodError
        DisplayData d = kernel.eval("tech.tablesaw.api.Table.create(\"s\", "
                + "tech.tablesaw.api.DoubleColumn.create(\"x\", 3.0, 1.0, 2.0)).sortOn(\"x\").first(2)");
        assertThat(d.getData(MIMEType.TEXT_PLAIN).toString()).isEqualTo("s: 2 rows x 1 column\nx\n1\n2");
    }

    @Test
    void aLossHistoryRendersAsALossCurve() {
        kernel.evalRaw("var h = new org.mnn.train.LossHistory();");
        kernel.evalRaw("for (int e = 1; e <= 7; e++) h.record(1.0 / e, Double.NaN, java.time.Duration.ZERO);");
        DisplayData d = kernel.eval("h");
        assertThat(d.getData(MIMEType.TEXT_PLAIN).toString()).contains("epoch 7");
        assertThat(d.hasDataForType(MIMEType.parse(OdeDisplay.PLOTLY_MIME))).isTrue();
        assertThat(d.hasDataForType(MIMEType.IMAGE_PNG)).isTrue();
        assertThat(d.getData(MIMEType.TEXT_HTML).toString()).contains("Plotly.newPlot");
    }

    @Test
    void anImageShowsAsPngWithItsSizeAsText() {
        DisplayData d = kernel.eval("new java.awt.image.BufferedImage(30, 20, java.awt.image.BufferedImage.TYPE_INT_RGB)");
        assertThat(d.getData(MIMEType.TEXT_PLAIN).toString()).isEqualTo("PNG image, 30 x 20 pixels");
        byte[] png = java.util.Base64.getDecoder().decode(d.getData(MIMEType.IMAGE_PNG).toString());
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }
}
