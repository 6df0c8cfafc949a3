package org.wsss.model.walk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.wsss.algo.crf.CrfSettings;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.algo.maps.ChannelStack;
import org.wsss.algo.synth.SyntheticPetPainter;
import org.wsss.algo.walk.RandomWalk;
import org.wsss.algo.walk.RandomWalkMethod;
import org.wsss.algo.walk.RandomWalkSettings;
import org.wsss.model.affinity.AffinityModel;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.testing.FakeCams;

/**
 * The CRF may refine a walk of its own (the tune stage's choice for rw_crf): the walk's mask is untouched, and the
 * refined mask follows the CRF's walk, here one with a far stronger background, which leaves less pet.
 */
class WalkSegmenterCrfWalkTest {
    private static final int[] CLASSES = {5};

    @Test
    void theRefinedMaskComesFromTheCrfsOwnWalk() {
        SyntheticPetPainter.PaintedPet pet = SyntheticPetPainter.paint(1, 4L, 72, 96);
        int width = pet.image().width();
        int height = pet.image().height();
        int[] trimap = new int[pet.trimap().length];
        for (int i = 0; i < trimap.length; i++) trimap[i] = pet.trimap()[i];
        ChannelStack cams = new ChannelStack(1, height, width, FakeCams.camOf(trimap, width, height));
        RandomWalk walk = RandomWalks.create(new RandomWalkSettings(8, 1, 5, RandomWalkMethod.SPARSE));
        DenseCrf crf = new DenseCrf(CrfSettings.psaDefaults());
        try (AffinityModel model = AffinityModel.create(BackboneKind.SMALL, 3L, Device.cpu())) {
            WalkSegmenter.Masks same = new WalkSegmenter(model.network(), model.model().getNDManager(), walk, 16, crf)
                    .segment(pet.image(), cams, CLASSES, true);
            WalkSegmenter.Masks strongBackground = new WalkSegmenter(model.network(), model.model().getNDManager(),
                    walk, 16, crf, walk, 0.05).segment(pet.image(), cams, CLASSES, true);
            assertArrayEquals(same.walk().labels(), strongBackground.walk().labels(), "rw must not change");
            assertFalse(Arrays.equals(same.refined().labels(), strongBackground.refined().labels()));
            assertTrue(pet(strongBackground.refined().labels()) < pet(same.refined().labels()));
        }
    }

    private static int pet(byte[] labels) {
        int n = 0;
        for (byte label : labels) if (label != 0) n++;
        return n;
    }
}
