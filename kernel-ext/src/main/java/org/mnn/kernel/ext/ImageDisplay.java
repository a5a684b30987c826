package org.mnn.kernel.ext;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/** Images in a notebook: PNG bytes, and the display bundle of an image that is a cell's value. */
public final class ImageDisplay {
    private ImageDisplay() {
    }

    /** The image encoded as PNG. */
    public static byte[] png(RenderedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** image/png, with its size as text/plain (the same text every run, unlike the image's toString). */
    public static DisplayData bundle(RenderedImage image) {
        DisplayData data = new DisplayData("PNG image, " + image.getWidth() + " x " + image.getHeight() + " pixels");
        data.putData("image/png", Base64.getEncoder().encodeToString(png(image)));
        return data;
    }
}
