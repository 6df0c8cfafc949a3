package org.wsss.model.affinity;

import org.wsss.algo.maps.ChannelStack;

/**
 * Pads an image to a multiple of the network's stride, so that every feature pixel covers a full block of input
 * pixels and features map back to pixels exactly (ALGORITHM.md section 5). Padding goes at the bottom and right,
 * keeping pixel (y, x) at (y, x), and is zero in the normalised image, i.e. the dataset's mean colour.
 */
public final class StridePadding {

    private StridePadding() {}

    /** The smallest multiple of {@code multiple} that is at least {@code size}. */
    public static int paddedSize(int size, int multiple) {
        if (size <= 0 || multiple <= 0) {
            throw new IllegalArgumentException("size and multiple must be positive, got " + size + " and " + multiple);
        }
        return Math.addExact(size, multiple - 1) / multiple * multiple;
    }

    /**
     * A copy of {@code image} (channel-first, already normalised) enlarged with zeros at the bottom and right to
     * {@code paddedSize} in both dimensions; the same array when no padding is needed.
     */
    public static ChannelStack padBottomRight(ChannelStack image, int multiple) {
        int height = paddedSize(image.height(), multiple);
        int width = paddedSize(image.width(), multiple);
        if (height == image.height() && width == image.width()) {
            return image;
        }
        ChannelStack padded = ChannelStack.zeros(image.channels(), height, width);
        for (int channel = 0; channel < image.channels(); channel++) {
            for (int y = 0; y < image.height(); y++) {
                System.arraycopy(image.values(), image.index(channel, y, 0),
                        padded.values(), padded.index(channel, y, 0), image.width());
            }
        }
        return padded;
    }
}
