package org.wsss.jobs.stage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.wsss.config.TuneSettings;
import org.wsss.data.PetLayout;
import org.wsss.io.Tables;

/**
 * The trainval images whose trimaps the {@code tune} stage scores inference settings on, and the training they are
 * held out of. The pick depends on the index, {@code tune.images} and {@code tune.seed} alone, so the stages that
 * hold the images out (before tuning) and the tune stage (after) agree on it.
 *
 * <p>AffinityNet must not train on them: on images it was trained on, its affinities reproduce its own training
 * targets better than on unseen ones, so a sweep scored there rewards trusting the walk (weak background, long
 * walks) and the settings lose on the test split. Stage 1 does train on them: its input is only the image-level
 * label, which every image of a weakly supervised set has, and the walk is meant to label exactly the images the
 * classifier was trained on; holding them out there would cost the classifier data and make the tuning images'
 * CAMs unlike those of the images the tuned settings are applied to.
 */
public final class TuningImages {
    private static final String PICK = "tuning_pick";
    /** Tuning takes at most one in this many trainval images. */
    private static final int MAX_SHARE = 4;

    private TuningImages() {}

    /**
     * The first {@link #count} trainval rows of {@code index} in an order fixed by the seed and the image ids alone
     * (the same index gives the same images whatever the partitioning); all of {@code index}'s columns.
     */
    public static Dataset<Row> pick(Dataset<Row> index, TuneSettings grid) {
        Dataset<Row> trainval = trainval(index);
        return trainval
                .withColumn(PICK, xxhash64(col("image_id"), lit(grid.seed())))
                .orderBy(PICK, "image_id")
                .limit(count(grid, trainval.count()))
                .drop(PICK);
    }

    /**
     * How many of {@code trainval} images tuning takes: {@code tune.images}, but at most a quarter of them, so that
     * a preset made for a larger set (the demo's 24 of 112) leaves a small one most of its images to train on.
     */
    public static int count(TuneSettings grid, long trainval) {
        return (int) Math.min(grid.images(), trainval / MAX_SHARE);
    }

    /** The number of trainval images in this run's index, of which {@link #count} are tuning images. */
    public static long trainvalImages(StageContext context) {
        return trainval(context.tables().read(Tables.INDEX)).count();
    }

    private static Dataset<Row> trainval(Dataset<Row> index) {
        return index.filter(col("split").equalTo(PetLayout.Split.TRAINVAL.label));
    }

    /** The tuning images of this run's index, none when tuning is off. */
    public static Dataset<Row> of(StageContext context) {
        return pick(context.tables().read(Tables.INDEX), context.settings().tune());
    }

    /** {@code rows} (with an {@code image_id} column) without the tuning images; all of them when tuning is off. */
    public static Dataset<Row> heldOut(StageContext context, Dataset<Row> rows) {
        if (!context.settings().tune().enabled()) return rows;
        return rows.join(of(context).select("image_id"), "image_id", "left_anti");
    }

    /**
     * Declares what picks the held-out images, so that a changed subset makes the output stale. Nothing is
     * declared with tuning off, so that runs made before tuning existed stay up to date.
     */
    public static Declaration declareHeldOut(Declaration declared, StageContext context) {
        TuneSettings grid = context.settings().tune();
        if (!grid.enabled()) return declared;
        return declared.value("tune.images", grid.images()).value("tune.seed", grid.seed());
    }
}
