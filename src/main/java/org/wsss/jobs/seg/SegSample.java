package org.wsss.jobs.seg;

import java.io.Serializable;

/**
 * A training image of stage 3: where it is, its pseudo-mask (a label PNG at the image's size, as the masks table
 * holds it) and, for the disagreement rule, the second method's mask of the same image (null without the rule).
 * Masks of a few kilobytes travel with the sample instead of being read again per step.
 */
public record SegSample(String imageId, String imageUri, byte[] maskPng, byte[] secondOpinionPng)
        implements Serializable {}
