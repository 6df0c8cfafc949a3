package org.wsss.algo.image;

import java.awt.image.BufferedImage;

/** An 8-bit RGB image, pixels interleaved row by row ({@code rgb[3 * (y * width + x) + channel]}). */
public record RgbImage(int width, int height, byte[] rgb) {
    public RgbImage {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("empty image " + width + "x" + height);
        if (rgb.length != 3 * width * height) {
            throw new IllegalArgumentException("expected " + 3 * width * height + " bytes, got " + rgb.length);
        }
    }

    public int red(int x, int y) {
        return rgb[3 * (y * width + x)] & 0xFF;
    }

    public int green(int x, int y) {
        return rgb[3 * (y * width + x) + 1] & 0xFF;
    }

    public int blue(int x, int y) {
        return rgb[3 * (y * width + x) + 2] & 0xFF;
    }

    /** Copies any decoded image into RGB; the colour model does the conversion (grey, palette, CMYK, alpha). */
    public static RgbImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[3 * w * h];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new RgbImage(w, h, rgb);
    }

    public BufferedImage toBufferedImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] argb = new int[width * height];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = ((rgb[3 * i] & 0xFF) << 16) | ((rgb[3 * i + 1] & 0xFF) << 8) | (rgb[3 * i + 2] & 0xFF);
        }
        out.setRGB(0, 0, width, height, argb, 0, width);
        return out;
    }
}
