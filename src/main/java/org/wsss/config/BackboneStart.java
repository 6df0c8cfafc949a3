package org.wsss.config;

/** Where AffinityNet's backbone starts from (its new layers always start from their seeded initialisation). */
public enum BackboneStart {
    /** ImageNet weights from {@code pretrained}, fine-tuned with frozen batch norm, stem and first stage (PSA). */
    IMAGENET,
    /** The backbone of the latest stage-1 checkpoint, copied by parameter name. */
    STAGE1,
    /** The seeded random initialisation. */
    SCRATCH
}
