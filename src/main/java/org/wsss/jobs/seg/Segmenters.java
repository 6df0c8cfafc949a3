package org.wsss.jobs.seg;

import java.io.Serial;
import java.io.Serializable;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.config.CrfConfig;
import org.wsss.config.SegmentSettings;
import org.wsss.jobs.stage.ExecutorModel;
import org.wsss.model.seg.SegModel;
import org.wsss.spark.TaskCores;

/**
 * What a task needs to build its {@link ImageSegmenter}: the network, shared by the tasks of an executor, and the
 * inference settings. Made on the driver by {@code segment}, {@code wsss segment --images} and
 * {@link SegTransformer} alike.
 */
final class Segmenters implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private final ExecutorModel<SegModel> model;
    private final int maxLongSide;
    private final boolean oneClass;
    /** Null: no refined masks. */
    private final CrfConfig crf;

    /** @param crf the CRF that refines the masks, {@code null} for none */
    Segmenters(ExecutorModel<SegModel> model, int maxLongSide, boolean oneClass, CrfConfig crf) {
        this.model = model;
        this.maxLongSide = maxLongSide;
        this.oneClass = oneClass;
        this.crf = crf;
    }

    /** As the {@code segment} settings ask, the CRF's parameters from {@code crf}. */
    static Segmenters of(ExecutorModel<SegModel> model, SegmentSettings settings, CrfConfig crf) {
        return new Segmenters(model, settings.maxLongSide(), settings.oneClass(), settings.crf() ? crf : null);
    }

    /** A segmenter for the current task, on the device Spark assigned it, its CRF on the task's cores. */
    ImageSegmenter forTask() {
        return new ImageSegmenter(model.forTask(), maxLongSide, oneClass,
                crf == null ? null : new DenseCrf(crf.crf(), TaskCores.threads(crf.threads())));
    }

    /** Frees the shipped checkpoint once no task needs it. */
    void destroy() {
        model.destroy();
    }
}
