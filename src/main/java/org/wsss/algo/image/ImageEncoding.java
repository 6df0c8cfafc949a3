package org.wsss.algo.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Encodes images and label maps as PNG or JPEG bytes (in memory; callers decide where bytes go). */
public final class ImageEncoding {
    private ImageEncoding() {}

    public static byte[] png(RgbImage image) {
        return write(image.toBufferedImage(), "png");
    }

    /** An RGBA PNG (fully opaque), as some of the real dataset's {@code .jpg} files hold. */
    public static byte[] pngWithAlpha(RgbImage image) {
        BufferedImage rgba = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_ARGB);
        rgba.getGraphics().drawImage(image.toBufferedImage(), 0, 0, null);
        return write(rgba, "png");
    }

    public static byte[] jpeg(RgbImage image, float quality) {
        return writeJpeg(image.toBufferedImage(), null, quality);
    }

    /** A single-channel greyscale JPEG of the image's luma. */
    public static byte[] greyJpeg(RgbImage image, float quality) {
        BufferedImage grey = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(image.toBufferedImage(), 0, 0, null);
        return writeJpeg(grey, null, quality);
    }

    /**
     * A four-channel CMYK JPEG (no colour profile, plain CMYK = 255 - RGB with K = 0), the kind of file the
     * real archive holds a few of and that decoders without CMYK support show with wrong colours.
     */
    public static byte[] cmykJpeg(RgbImage image, float quality) {
        int w = image.width();
        int h = image.height();
        byte[] cmyk = new byte[4 * w * h];
        byte[] rgb = image.rgb();
        for (int i = 0; i < w * h; i++) {
            // Adobe CMYK JPEGs store the inks inverted; writing that convention is what readers expect.
            cmyk[4 * i] = rgb[3 * i];
            cmyk[4 * i + 1] = rgb[3 * i + 1];
            cmyk[4 * i + 2] = rgb[3 * i + 2];
            cmyk[4 * i + 3] = (byte) 255;
        }
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(cmyk, cmyk.length), w, h,
                4 * w, 4, new int[] {0, 1, 2, 3}, null);
        return writeJpeg(null, raster, quality);
    }

    /** A greyscale 8-bit PNG holding label values as they are (trimaps, masks). */
    public static byte[] labelPng(byte[] labels, int width, int height) {
        BufferedImage grey = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] target = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        System.arraycopy(labels, 0, target, 0, labels.length);
        return write(grey, "png");
    }

    /**
     * A mask as an indexed-colour PNG: each pixel's palette index is its label (so tools read class ids) and the
     * palette gives people distinct colours (0 black, 255 white).
     */
    public static byte[] paletteMaskPng(byte[] labels, int width, int height) {
        java.awt.image.IndexColorModel palette = MaskPalette.colorModel();
        BufferedImage indexed = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, palette);
        byte[] target = ((DataBufferByte) indexed.getRaster().getDataBuffer()).getData();
        System.arraycopy(labels, 0, target, 0, labels.length);
        return write(indexed, "png");
    }

    private static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) throw new IOException("no " + format + " writer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Marks a four-channel JPEG as untransformed Adobe CMYK, so readers do not guess YCCK. */
    private static IIOMetadata adobeCmykMetadata(ImageWriter writer, ImageWriteParam param) throws IOException {
        // Start from a three-component template and rewrite its frame and scan headers for four inks.
        ImageTypeSpecifier template = ImageTypeSpecifier.createInterleaved(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {0, 1, 2}, DataBuffer.TYPE_BYTE, false, false);
        IIOMetadata metadata = writer.getDefaultImageMetadata(template, param);
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode jpegVariety = (IIOMetadataNode) root.getElementsByTagName("JPEGvariety").item(0);
        while (jpegVariety.hasChildNodes()) jpegVariety.removeChild(jpegVariety.getFirstChild());
        IIOMetadataNode markers = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
        IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
        adobe.setAttribute("version", "101");
        adobe.setAttribute("flags0", "0");
        adobe.setAttribute("flags1", "0");
        adobe.setAttribute("transform", "0");
        markers.insertBefore(adobe, markers.getFirstChild());
        IIOMetadataNode sof = (IIOMetadataNode) root.getElementsByTagName("sof").item(0);
        if (sof != null) {
            // Four components, one per ink, ids C, M, Y, K.
            while (sof.hasChildNodes()) sof.removeChild(sof.getFirstChild());
            for (int c = 0; c < 4; c++) {
                IIOMetadataNode component = new IIOMetadataNode("componentSpec");
                component.setAttribute("componentId", String.valueOf(c + 1));
                component.setAttribute("HsamplingFactor", "1");
                component.setAttribute("VsamplingFactor", "1");
                component.setAttribute("QtableSelector", c == 0 || c == 3 ? "0" : "1");
                sof.appendChild(component);
            }
            sof.setAttribute("numFrameComponents", "4");
        }
        IIOMetadataNode sos = (IIOMetadataNode) root.getElementsByTagName("sos").item(0);
        if (sos != null) {
            while (sos.hasChildNodes()) sos.removeChild(sos.getFirstChild());
            for (int c = 0; c < 4; c++) {
                IIOMetadataNode scan = new IIOMetadataNode("scanComponentSpec");
                scan.setAttribute("componentSelector", String.valueOf(c + 1));
                scan.setAttribute("dcHuffTable", c == 0 || c == 3 ? "0" : "1");
                scan.setAttribute("acHuffTable", c == 0 || c == 3 ? "0" : "1");
                sos.appendChild(scan);
            }
            sos.setAttribute("numScanComponents", "4");
        }
        metadata.setFromTree(format, root);
        return metadata;
    }

    private static byte[] writeJpeg(BufferedImage image, Raster raster, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            IIOImage content = image != null ? new IIOImage(image, null, null)
                    : new IIOImage(raster, null, adobeCmykMetadata(writer, param));
            writer.write(null, content, param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
