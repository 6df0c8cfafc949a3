package org.wsss.model.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ForwardCostTest {

    @Test
    void classificationResNet50At224MatchesItsPublishedCost() {
        // ResNet-50's published cost is 4.09 GMACs at 224 x 224 (convolutions and the 2048 x 1000 classifier,
        // which adds 2 MMACs): the count of the stride-32 network must land there.
        double gmacs = ForwardCost.backboneMacs(BackboneKind.RESNET50, 224, 224, 32) / 1e9;
        assertEquals(4.09, gmacs, 0.02);
    }

    @Test
    void outputStride8CostsMoreBecauseTheLastStagesRunAtStride8() {
        long os32 = ForwardCost.backboneMacs(BackboneKind.RESNET50, 448, 448, 32);
        long os8 = ForwardCost.backboneMacs(BackboneKind.RESNET50, 448, 448);
        // layer3 runs at 4x and layer4 at 16x the pixels of the stride-32 network.
        assertTrue(os8 > 3 * os32 && os8 < 6 * os32, "os8 " + os8 + " vs os32 " + os32);
    }

    @Test
    void costGrowsWithThePixelCount() {
        long small = ForwardCost.backboneMacs(BackboneKind.RESNET50, 224, 224);
        long large = ForwardCost.backboneMacs(BackboneKind.RESNET50, 448, 448);
        assertEquals(4.0, (double) large / small, 0.05);
    }

    @Test
    void featureSideRoundsUpLikeThePaddedConvolutions() {
        assertEquals(63, ForwardCost.featureSide(500));
        assertEquals(47, ForwardCost.featureSide(375));
        assertEquals(1, ForwardCost.featureSide(1));
        assertEquals(9 * 9 * 2048L * 37, ForwardCost.pointwiseMacs(2048, 37, 72, 72));
    }
}
