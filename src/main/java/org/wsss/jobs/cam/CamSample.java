package org.wsss.jobs.cam;

import java.io.Serializable;

/** A training image of stage 1: where it is and its label. */
public record CamSample(String imageId, String imageUri, int classId) implements Serializable {}
