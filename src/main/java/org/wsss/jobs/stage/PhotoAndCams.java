package org.wsss.jobs.stage;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.wsss.algo.image.CamCodec;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.RgbImage;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.io.Storage;

/**
 * An image's photo and stored CAMs, read and checked against each other, as the stages after the CAM stage use
 * them; or why they cannot be used (a reject reason and its detail).
 */
public record PhotoAndCams(RgbImage photo, ChannelStack cams, String rejectReason, String rejectDetail) {
    public static final String UNDECODABLE_IMAGE = "undecodable image";
    public static final String SIZE_MISMATCH = "CAM size differs from image";
    public static final String CORRUPT_CAMS = "corrupt CAMs";

    public boolean usable() {
        return rejectReason == null;
    }

    public Outcome reject(String imageId, String stage) {
        return Outcome.rejected(imageId, rejectReason, rejectDetail, stage);
    }

    /** The photo at {@code imageUri} and the CAMs (one plane per class) encoded at {@code width} x {@code height}. */
    public static PhotoAndCams read(Storage storage, String imageUri, int width, int height, int classes, byte[] cams) {
        RgbImage photo;
        try {
            photo = ImageDecoding.decodeRgb(storage.readBytes(new Path(imageUri)));
        } catch (IOException | RuntimeException e) {
            return unusable(UNDECODABLE_IMAGE, e.getMessage());
        }
        if (photo.width() != width || photo.height() != height) {
            return unusable(SIZE_MISMATCH, "image " + photo.width() + "x" + photo.height() + ", CAMs " + width + "x"
                    + height);
        }
        try {
            int values = Math.multiplyExact(classes, Math.multiplyExact(width, height));
            return new PhotoAndCams(photo, new ChannelStack(classes, height, width, CamCodec.decode(cams, values)),
                    null, null);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return unusable(CORRUPT_CAMS, e.getMessage());
        }
    }

    private static PhotoAndCams unusable(String reason, String detail) {
        return new PhotoAndCams(null, null, reason, detail);
    }
}
