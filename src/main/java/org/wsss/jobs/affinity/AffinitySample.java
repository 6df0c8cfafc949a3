package org.wsss.jobs.affinity;

import java.io.Serializable;

/**
 * A training image of stage 2: where it is, and its affinity labels at feature stride as the affinity-labels stage
 * wrote them (a PNG of {@code ceil(H/8) x ceil(W/8)} cells: 0 background, class ids, 255 unsure). The labels are a
 * few hundred bytes, so they travel with the sample instead of being read again per step.
 */
public record AffinitySample(String imageId, String imageUri, byte[] labelsAtStridePng) implements Serializable {}
