package org.wsss.algo.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image bytes by their content, not their name: the real archive has {@code .jpg} files that hold PNG
 * data, RGBA, greyscale and CMYK pixels. CMYK JPEG needs an ImageIO plug-in (TwelveMonkeys) on the classpath.
 */
public final class ImageDecoding {
    private ImageDecoding() {}

    /** Thrown for bytes that are no image we can read; the message says why. */
    public static final class UndecodableImageException extends IOException {
        private static final long serialVersionUID = 1L;

        public UndecodableImageException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static RgbImage decodeRgb(byte[] bytes) throws UndecodableImageException {
        return RgbImage.of(decode(bytes));
    }

    /** The first band of a single-channel image (trimaps, masks) as unsigned values. */
    public static int[] decodeFirstBand(byte[] bytes, int[] sizeOut) throws UndecodableImageException {
        BufferedImage image = decode(bytes);
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        sizeOut[0] = w;
        sizeOut[1] = h;
        return raster.getSamples(0, 0, w, h, 0, new int[w * h]);
    }

    private static BufferedImage decode(byte[] bytes) throws UndecodableImageException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(in);
            try {
                reader.setInput(in, true, true);
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (UndecodableImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UndecodableImageException("cannot decode the image: " + e.getMessage(), e);
        }
    }

    private static ImageReader readerFor(ImageInputStream in) throws UndecodableImageException {
        if (in == null) throw new UndecodableImageException("no input", null);
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) throw new UndecodableImageException("unknown image format", null);
        return readers.next();
    }
}
