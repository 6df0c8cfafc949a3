package org.wsss.jobs.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.algo.crf.CrfSettings;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.image.CamCodec;
import org.wsss.algo.image.ImageDecoding;
import org.wsss.algo.image.ImageEncoding;
import org.wsss.algo.synth.SyntheticPetPainter;
import org.wsss.algo.walk.RandomWalkMethod;
import org.wsss.algo.walk.RandomWalkSettings;
import org.wsss.io.MaskMethods;
import org.wsss.io.Storage;
import org.wsss.jobs.stage.Outcome;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.walk.RandomWalks;
import org.wsss.model.walk.WalkSegmenter;
import org.wsss.testing.FakeCams;

/**
 * The random-walk stage's per-image function without Spark: masks line up with the pet at any image size, only
 * missing methods are written, and odd inputs are handled. The AffinityNet is only initialised, and its random
 * features would smear the CAMs over 256 steps; a two-step walk keeps the test about the plumbing around the walk
 * (stride padding, pooling, upsampling, crop, class ids, CRF), which a trained network would not change.
 */
class RandomWalkStageImageTest {
    private static final List<String> BOTH = List.of(MaskMethods.RW, MaskMethods.RW_CRF);
    private static final int CLASS_ID = 23;

    @TempDir
    static Path dir;
    static AffinityModel model;
    static RandomWalkImage shortWalk;

    @BeforeAll
    static void loadNetwork() {
        model = AffinityModel.create(BackboneKind.SMALL, 3L, Device.cpu());
        RandomWalkSettings twoSteps = new RandomWalkSettings(8, 1, 5, RandomWalkMethod.SPARSE);
        shortWalk = new RandomWalkImage(Storage.local(), new WalkSegmenter(model.network(),
                model.model().getNDManager(), RandomWalks.create(twoSteps), 16,
                new DenseCrf(CrfSettings.psaDefaults())), BOTH);
    }

    @AfterAll
    static void closeNetwork() {
        model.close();
    }

    /** A painted pet saved as PNG, with CAMs from its trimap. */
    private record Pet(RandomWalkImage.Input input, byte[] trimap) {}

    private static Pet pet(long seed, int minSide, int maxSide, int[] classes) throws Exception {
        SyntheticPetPainter.PaintedPet painted = SyntheticPetPainter.paint(1, seed, minSide, maxSide);
        int width = painted.image().width();
        int height = painted.image().height();
        Path file = dir.resolve("pet-" + seed + ".png");
        Files.write(file, ImageEncoding.png(painted.image()));
        int[] trimap = new int[painted.trimap().length];
        for (int i = 0; i < trimap.length; i++) trimap[i] = painted.trimap()[i];
        float[] cam = FakeCams.camOf(trimap, width, height);
        float[] cams = new float[classes.length * cam.length];
        for (int k = 0; k < classes.length; k++) System.arraycopy(cam, 0, cams, k * cam.length, cam.length);
        return new Pet(new RandomWalkImage.Input("pet-" + seed, width, height, classes, CamCodec.encode(cams),
                file.toString(), Set.of()), painted.trimap());
    }

    private static int[] mask(Outcome outcome) throws Exception {
        return ImageDecoding.decodeFirstBand((byte[]) outcome.row().get(5), new int[2]);
    }

    /**
     * The walk's mask must match the pet (the CAMs come from its trimap). The CRF's may lose parts whose colour is
     * close to the background's (a grey body on a grey-green ground loses all but the head), but whatever it keeps
     * must lie on the pet.
     */
    @Test
    void masksLieOnThePetAtSizesThatAreNoMultipleOfTheStride() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            Pet pet = pet(seed, 81, 127, new int[] {CLASS_ID});
            List<Outcome> outcomes = shortWalk.process(pet.input());
            assertEquals(BOTH, outcomes.stream().map(o -> o.row().getString(1)).toList());
            for (Outcome outcome : outcomes) {
                String what = outcome.row().getString(1) + " of pet " + seed;
                int[] size = new int[2];
                int[] mask = ImageDecoding.decodeFirstBand((byte[]) outcome.row().get(5), size);
                assertEquals(pet.input().width(), size[0], what);
                assertEquals(pet.input().height(), size[1], what);
                Overlap overlap = Overlap.of(mask, pet.trimap());
                assertTrue(overlap.precision() > 0.9, what + ": " + overlap);
                if (outcome.row().getString(1).equals(MaskMethods.RW)) {
                    assertTrue(overlap.iou() > 0.9, what + ": " + overlap);
                }
            }
        }
    }

    /** Foreground of a mask against the pet of a trimap, the trimap's border band left out. */
    private record Overlap(long both, long maskOnly, long petOnly) {
        static Overlap of(int[] mask, byte[] trimap) {
            long both = 0;
            long maskOnly = 0;
            long petOnly = 0;
            for (int i = 0; i < mask.length; i++) {
                assertTrue(mask[i] == 0 || mask[i] == CLASS_ID, "label " + mask[i]);
                if (trimap[i] == SyntheticPetPainter.TRIMAP_BORDER) continue;
                boolean pet = trimap[i] == SyntheticPetPainter.TRIMAP_PET;
                boolean foreground = mask[i] == CLASS_ID;
                if (pet && foreground) both++;
                else if (foreground) maskOnly++;
                else if (pet) petOnly++;
            }
            return new Overlap(both, maskOnly, petOnly);
        }

        double precision() {
            return (double) both / (both + maskOnly);
        }

        double iou() {
            return (double) both / (both + maskOnly + petOnly);
        }
    }

    @Test
    void onlyTheMissingMethodsAreWritten() throws Exception {
        RandomWalkImage.Input input = pet(4, 64, 64, new int[] {CLASS_ID}).input();
        RandomWalkImage.Input walked = new RandomWalkImage.Input(input.imageId(), input.width(), input.height(),
                input.classes(), input.cams(), input.imageUri(), Set.of(MaskMethods.RW));
        List<Outcome> outcomes = shortWalk.process(walked);
        assertEquals(1, outcomes.size());
        assertEquals(MaskMethods.RW_CRF, outcomes.get(0).row().getString(1));
    }

    @Test
    void anImageWithNoClassesIsAllBackground() throws Exception {
        List<Outcome> outcomes = shortWalk.process(pet(5, 70, 90, new int[0]).input());
        assertEquals(2, outcomes.size());
        for (Outcome outcome : outcomes) {
            for (int label : mask(outcome)) assertEquals(0, label);
        }
    }

    @Test
    void classIdsOutsideTheLabelRangeAreRejectedAsCorruptCams() throws Exception {
        List<Outcome> outcomes = shortWalk.process(pet(6, 64, 64, new int[] {0}).input());
        assertEquals(1, outcomes.size());
        assertEquals(RandomWalkStage.CORRUPT_CAMS, outcomes.get(0).reject().reason());
        assertEquals(RandomWalkStage.NAME, outcomes.get(0).reject().source());
    }

    @Test
    void anImageTooLargeForTheDenseWalkIsRejectedBeforeAnyWork() throws Exception {
        RandomWalkImage denseWalk = new RandomWalkImage(Storage.local(), new WalkSegmenter(model.network(),
                model.model().getNDManager(), RandomWalks.create(new RandomWalkSettings(8, 1, 5,
                RandomWalkMethod.DENSE)), 16, null), List.of(MaskMethods.RW));
        // 1040 x 1040 pixels are 130 x 130 = 16,900 feature nodes, past the dense walk's 16,384.
        List<Outcome> outcomes = denseWalk.process(pet(7, 1040, 1040, new int[] {CLASS_ID}).input());
        assertEquals(1, outcomes.size());
        assertEquals(RandomWalkStage.TOO_LARGE_FOR_THE_WALK, outcomes.get(0).reject().reason());
        assertTrue(outcomes.get(0).reject().detail().contains("16900"), outcomes.get(0).reject().detail());
    }
}
