package org.wsss.algo.synth;

import java.util.SplittableRandom;
import org.wsss.algo.image.RgbImage;

/**
 * Paints one synthetic pet photo and its trimap. A pet is a body (ellipse), a head (disc) and two ears; the
 * breed shows only in the head's pattern. Fur colour, pose, size, position and the background are random and
 * independent of the breed, so image labels say which breed but never where.
 */
public final class SyntheticPetPainter {
    /** Trimap values of the real dataset. */
    public static final byte TRIMAP_PET = 1;
    public static final byte TRIMAP_BACKGROUND = 2;
    public static final byte TRIMAP_BORDER = 3;
    /** Half-width of the trimap's border band, in pixels. */
    private static final int BORDER_RADIUS = 2;

    private static final int[][] FUR = {{150, 105, 60}, {120, 120, 125}, {225, 205, 170}, {70, 55, 45}};

    public record PaintedPet(RgbImage image, byte[] trimap) {}

    private SyntheticPetPainter() {}

    public static PaintedPet paint(int breedIndex, long seed, int minSide, int maxSide) {
        SplittableRandom random = new SplittableRandom(seed);
        int width = minSide + random.nextInt(maxSide - minSide + 1);
        int height = minSide + random.nextInt(maxSide - minSide + 1);
        PetShape shape = PetShape.random(random, width, height);
        BreedAppearance breed = BreedAppearance.of(breedIndex);
        int[] fur = FUR[random.nextInt(FUR.length)];
        Background background = Background.random(random, width, height);

        byte[] rgb = new byte[3 * width * height];
        boolean[] pet = new boolean[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                int[] colour;
                PetShape.Part part = shape.partAt(x + 0.5, y + 0.5);
                if (part == PetShape.Part.HEAD) {
                    double[] uv = shape.headCoordinates(x + 0.5, y + 0.5);
                    colour = breed.showsColourA(uv[0], uv[1]) ? breed.colourA() : breed.colourB();
                } else if (part != PetShape.Part.NONE) {
                    colour = fur;
                } else {
                    colour = background.colourAt(x, y);
                }
                pet[i] = part != PetShape.Part.NONE;
                int grain = (int) Math.round(random.nextGaussian() * 6);
                for (int c = 0; c < 3; c++) rgb[3 * i + c] = (byte) Colours.clamp(colour[c] + grain);
            }
        }
        return new PaintedPet(new RgbImage(width, height, rgb), trimap(pet, width, height));
    }

    /** Pet 1, background 2, and a band of 3 on both sides of the outline, as in the real trimaps. */
    static byte[] trimap(boolean[] pet, int width, int height) {
        byte[] trimap = new byte[pet.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean self = pet[y * width + x];
                boolean nearOther = false;
                for (int dy = -BORDER_RADIUS; dy <= BORDER_RADIUS && !nearOther; dy++) {
                    for (int dx = -BORDER_RADIUS; dx <= BORDER_RADIUS; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                        if (pet[ny * width + nx] != self) {
                            nearOther = true;
                            break;
                        }
                    }
                }
                trimap[y * width + x] = nearOther ? TRIMAP_BORDER : self ? TRIMAP_PET : TRIMAP_BACKGROUND;
            }
        }
        return trimap;
    }
}
