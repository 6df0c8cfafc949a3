package org.wsss.jobs.stage;

/**
 * A stage that trains a model (see {@link StageTraining}): run alone it starts over unless asked to resume; the
 * pipeline always resumes, which continues only a run made from the same inputs.
 */
public abstract class TrainingStage extends NamedStage {
    /** Training images are flipped horizontally half of the time, as in PSA. */
    protected static final double FLIP_PROBABILITY = 0.5;

    /** Whether to continue the latest run of the same inputs rather than start over. */
    protected final boolean resume;

    protected TrainingStage(String name, boolean resume) {
        super(name);
        this.resume = resume;
    }
}
