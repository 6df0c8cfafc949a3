package org.wsss.io;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.fs.Path;

/**
 * The {@code tune} stage's choice, {@code RUN_ROOT/tune/settings.conf}: a small HOCON file in the shape of the
 * keys it replaces, so a user can read it, or pass it to {@code --conf} to pin the CAM threshold and the walk in
 * another run (the CRF's own walk, under {@code tuned}, applies only through {@code random-walk.settings}).
 *
 * @param camBackgroundThreshold the CAM-only background score
 * @param backgroundPower exponent of the walk's background score
 * @param beta the walk's affinity exponent
 * @param logt the walk takes {@code 2^logt} steps
 * @param crfBackgroundPower, crfBeta, crfLogt the walk the dense CRF refines best (may differ from the above)
 * @param crfHelps whether the dense CRF raised the chosen walk's mIoU on the tuning images
 * @param images how many trainval images the choice was made on
 */
public record TunedSettings(double camBackgroundThreshold, double backgroundPower, double beta, int logt,
                            double crfBackgroundPower, double crfBeta, int crfLogt, boolean crfHelps, long images) {
    public static final String FILE = "settings.conf";

    /** Where the stage writes it. */
    public static Path location(RunLayout layout, String stage) {
        return new Path(layout.stageDir(stage), FILE);
    }

    public String toHocon() {
        return String.format(Locale.ROOT, """
                # Chosen by `wsss tune` on %d trainval images (their trimaps: the only pixel labels the run used).
                wsss {
                  cams.background-threshold = %s
                  random-walk {
                    background-power = %s
                    beta = %s
                    logt = %d
                  }
                }
                # How the choice was made; outside wsss, so this file can be passed to --conf as it is.
                tuned {
                  images = %d
                  # The walk the dense CRF refines into rw_crf (the best refined one; may differ from rw's).
                  crf-walk {
                    background-power = %s
                    beta = %s
                    logt = %d
                  }
                  # Whether that refined walk beat the best walk alone on those images.
                  crf-helps = %b
                }
                """, images, camBackgroundThreshold, backgroundPower, beta, logt, images, crfBackgroundPower,
                crfBeta, crfLogt, crfHelps);
    }

    public void write(Storage storage, Path location) throws IOException {
        storage.writeTextAtomically(location, toHocon());
    }

    /** The file at {@code location}; a missing or malformed file fails naming it. */
    public static TunedSettings read(Storage storage, Path location, String settingKey) throws IOException {
        if (!storage.exists(location)) {
            throw new MissingInputException(settingKey + " asks for tuned settings, but " + location
                    + " does not exist: run `wsss tune` (with wsss.tune.images > 0) first, or set " + settingKey
                    + " = configured");
        }
        try {
            Config file = ConfigFactory.parseString(storage.readText(location));
            Config c = file.getConfig("wsss");
            return new TunedSettings(c.getDouble("cams.background-threshold"),
                    c.getDouble("random-walk.background-power"), c.getDouble("random-walk.beta"),
                    c.getInt("random-walk.logt"), file.getDouble("tuned.crf-walk.background-power"),
                    file.getDouble("tuned.crf-walk.beta"), file.getInt("tuned.crf-walk.logt"),
                    file.getBoolean("tuned.crf-helps"), file.getLong("tuned.images"));
        } catch (ConfigException e) {
            throw new BadInputException(location + " is not a tune stage's settings file: " + e.getMessage());
        }
    }
}
