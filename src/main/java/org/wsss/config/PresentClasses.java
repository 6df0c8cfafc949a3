package org.wsss.config;

/** Where an image's present classes come from when making CAMs or walking. */
public enum PresentClasses {
    /** The image labels: pseudo-labels for a labelled set. */
    TRUTH,
    /** The stage-1 classifier's prediction: unlabelled images at scale. */
    PREDICTED
}
