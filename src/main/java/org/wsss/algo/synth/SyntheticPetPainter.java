package org.wsss.algo.synth;

import java.util.SplittableRandom;
import org.wsss.algo.image.RgbImage;

/**
 * Paints one synthetic pet photo and its trimap. A pet is a body (ellipse), a head (disc) and two ears, all in one
 * coat colour, with the breed's markings on the head. As with real breeds, the markings tell the breed for certain
 * while the coat only hints at it: each breed has a typical coat that most, not all, of its pets wear. Pose, size,
 * position and the background are random and independent of the breed, so image labels say which breed but never
 * where. A classifier then relies on the small marked face and only a little on the body, so its CAM lights the head
 * strongly and the body weakly, the partial CAM that affinity propagation is meant to complete.
 */
public final class SyntheticPetPainter {
    /** Trimap values of the real dataset. */
    public static final byte TRIMAP_PET = 1;
    public static final byte TRIMAP_BACKGROUND = 2;
    public static final byte TRIMAP_BORDER = 3;
    /** Half-width of the trimap's border band, in pixels. */
    private static final int BORDER_RADIUS = 2;

    /** Coats: tan, black, cream, dark brown; darker or more saturated than most backgrounds, as on photos of pets. */
    private static final int[][] FUR = {{150, 105, 60}, {35, 35, 40}, {225, 205, 170}, {70, 55, 45}};
    /** How often a pet wears its breed's typical coat rather than one drawn at random. */
    private static final double TYPICAL_COAT_RATE = 0.6;
    /** The markings run on over the body and ears, faded towards the coat by this much (1 on the head). */
    private static final double BODY_MARK_STRENGTH = 0.4;

    public record PaintedPet(RgbImage image, byte[] trimap) {}

    private SyntheticPetPainter() {}

    public static PaintedPet paint(int breedIndex, long seed, int minSide, int maxSide) {
        SplittableRandom random = new SplittableRandom(seed);
        int width = minSide + random.nextInt(maxSide - minSide + 1);
        int height = minSide + random.nextInt(maxSide - minSide + 1);
        PetShape shape = PetShape.random(random, width, height);
        BreedAppearance breed = BreedAppearance.of(breedIndex);
        int[] fur = FUR[random.nextDouble() < TYPICAL_COAT_RATE ? breedIndex % FUR.length : random.nextInt(FUR.length)];
        Background background = Background.random(random, width, height);

        byte[] rgb = new byte[3 * width * height];
        boolean[] pet = new boolean[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                int[] colour;
                PetShape.Part part = shape.partAt(x + 0.5, y + 0.5);
                if (part != PetShape.Part.NONE) {
                    double[] uv = shape.headCoordinates(x + 0.5, y + 0.5);
                    double strength = part == PetShape.Part.HEAD ? 1.0 : BODY_MARK_STRENGTH;
                    colour = breed.marks(uv[0], uv[1]) ? Colours.mix(fur, breed.markColour(), strength) : fur;
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
