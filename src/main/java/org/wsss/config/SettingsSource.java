package org.wsss.config;

/** Where a stage takes its inference settings from: its own keys, or the {@code tune} stage's choice. */
public enum SettingsSource {
    /** The stage's own keys. */
    CONFIGURED,
    /** {@code RUN_ROOT/tune/settings.conf}, which must exist. */
    TUNED,
    /**
     * Tuned when {@code wsss.tune.images > 0} and the tune stage has written its choice, configured otherwise (the
     * pipeline runs the tune stage first; {@code _stage.json} records which was used).
     */
    AUTO;

    /** Whether the stage uses the tuned settings, given whether the run tunes and whether a choice exists. */
    public boolean usesTuned(boolean tuningOn, boolean tunedExists) {
        return this == TUNED || (this == AUTO && tuningOn && tunedExists);
    }
}
