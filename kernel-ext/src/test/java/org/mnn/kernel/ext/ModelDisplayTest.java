package org.mnn.kernel.ext;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.mnn.demo.KnownSystem;
import org.mnn.discover.Trajectory;

class ModelDisplayTest {

    @Test
    void theFitCarriesAStaticPngBesidesThePlotlyFigure() {
        KnownSystem osc = KnownSystem.dampedOscillator();
        Trajectory tr = osc.data(0.01, 1).trajectories().get(0);
        DisplayData d = ModelDisplay.fit(osc.truth(), tr, "fit");
        assertThat(d.getData(MIMEType.parse(OdeDisplay.PLOTLY_MIME))).isNotNull();
        assertThat(d.getData(MIMEType.parse("text/html"))).isNotNull();
        byte[] png = Base64.getDecoder().decode((String) d.getData(MIMEType.parse("image/png")));
        assertThat(png).startsWith((byte) 0x89, (byte) 0x50, (byte) 0x4e, (byte) 0x47);
        assertThat(png.length).isGreaterThan(5_000);
    }
}
