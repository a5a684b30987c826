package org.mnn.kernel.ext;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * The MNN notebook extension: {@code %mnn}, {@code %%ode} and the rendering of {@link OdeSolution}.
 * Found by JJava's {@code ServiceLoader} ({@code META-INF/services/org.dflib.jjava.jupyter.Extension}),
 * so it loads in the mnn kernel and in a stock JJava kernel with this jar on its class path.
 */
public final class MnnExtension implements Extension {

    @Override
    public void install(BaseKernel kernel) {
        kernel.getMagicsRegistry().registerLineMagic("mnn", new MnnMagic());
        kernel.getMagicsRegistry().registerCellMagic("ode", new OdeMagic());
        kernel.getRenderer().createRegistration(OdeSolution.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN, MIMEType.IMAGE_PNG)
                .register((solution, context) -> context.getOutputContainer()
                        .assign(OdeDisplay.bundle(solution, true)));
    }
}
