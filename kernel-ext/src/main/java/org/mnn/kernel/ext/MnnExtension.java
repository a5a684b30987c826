package org.mnn.kernel.ext;

import java.awt.image.RenderedImage;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.mnn.discover.DiscoveredModel;
import org.mnn.kernel.MnnKernel;
import org.mnn.train.LossHistory;
import tech.tablesaw.api.Table;

/**
 * The MNN notebook extension: {@code %mnn}, {@code %%ode}, {@code %discover}, and the rendering of
 * {@link DiscoveredModel} (LaTeX), {@link OdeSolution},
 * {@link LossHistory} and {@link TrainingCurve} (loss curves) and Tablesaw {@link Table}s.
 * Found by JJava's {@code ServiceLoader} ({@code META-INF/services/org.dflib.jjava.jupyter.Extension}),
 * so it loads in the mnn kernel and in a stock JJava kernel with this jar on its class path.
 */
public final class MnnExtension implements Extension {

    @Override
    public void install(BaseKernel kernel) {
        kernel.getMagicsRegistry().registerLineMagic("mnn", new MnnMagic());
        kernel.getMagicsRegistry().registerCellMagic("ode", new OdeMagic());
        kernel.getMagicsRegistry().registerLineMagic("discover", new DiscoverMagic());
        kernel.getRenderer().createRegistration(DiscoveredModel.class)
                .preferring(MIMEType.TEXT_LATEX)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((model, context) -> context.getOutputContainer().assign(ModelDisplay.equations(model, 4)));
        kernel.getRenderer().createRegistration(OdeSolution.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN, MIMEType.IMAGE_PNG)
                .register((solution, context) -> context.getOutputContainer()
                        .assign(OdeDisplay.bundle(solution, true)));
        kernel.getRenderer().createRegistration(LossHistory.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN, MIMEType.IMAGE_PNG)
                .register((history, context) -> context.getOutputContainer()
                        .assign(LossCurve.of(history, "Training loss", null).bundle()));
        kernel.getRenderer().createRegistration(TrainingCurve.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN, MIMEType.IMAGE_PNG)
                .register((curve, context) -> context.getOutputContainer().assign(curve.snapshot().bundle()));
        kernel.getRenderer().createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((table, context) -> context.getOutputContainer().assign(TableDisplay.bundle(table)));
        // an image's text/plain fallback is its size, not BufferedImage.toString() (a hash code
        // and raster details that change every run and churn committed notebooks)
        kernel.getRenderer().createRegistration(RenderedImage.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((image, context) -> context.getOutputContainer().assign(ImageDisplay.bundle(image)));
        if (kernel instanceof MnnKernel) {
            // a live curve's last, throttled epoch is drawn before the cell's reply
            ((MnnKernel) kernel).afterEachCell(TrainingCurve.class.getName(), TrainingCurve::finishAll);
        }
    }
}
