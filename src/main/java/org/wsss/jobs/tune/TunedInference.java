package org.wsss.jobs.tune;

import java.io.IOException;
import org.wsss.config.RandomWalkConfig;
import org.wsss.io.TunedSettings;
import org.wsss.jobs.stage.StageContext;

/**
 * The inference settings a stage runs with: its configured ones, or those the tune stage chose when the stage's
 * {@code settings} key asks for them. Read once on the driver, then shipped in the settings records.
 */
public final class TunedInference {
    /** The {@code _stage.json} figure that says where the settings came from. */
    public static final String SOURCE = "settings_source";
    public static final String CONFIGURED = "configured";

    private TunedInference() {}

    /** Settings and where they came from ({@link #CONFIGURED}, or the tuned file's location). */
    public record Resolved<T>(T settings, String source) {}

    public static Resolved<RandomWalkConfig> randomWalk(StageContext context) throws IOException {
        RandomWalkConfig configured = context.settings().randomWalk();
        org.apache.hadoop.fs.Path location = TunedSettings.location(context.layout(), TuneStage.NAME);
        if (!configured.settings().usesTuned(context.settings().tune().enabled(),
                context.storage().exists(location))) {
            return new Resolved<>(configured, CONFIGURED);
        }
        TunedSettings tuned = TunedSettings.read(context.storage(), location, "wsss.random-walk.settings");
        return new Resolved<>(configured.withTunedWalks(tuned.backgroundPower(), tuned.beta(), tuned.logt(),
                tuned.crfBackgroundPower(), tuned.crfBeta(), tuned.crfLogt()), location.toString());
    }
}
