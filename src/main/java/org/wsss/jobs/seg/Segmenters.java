package org.wsss.jobs.seg;

import java.io.Serial;
import java.io.Serializable;
import org.wsss.jobs.stage.ExecutorModel;
import org.wsss.model.seg.SegModel;

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

    Segmenters(ExecutorModel<SegModel> model, int maxLongSide, boolean oneClass) {
        this.model = model;
        this.maxLongSide = maxLongSide;
        this.oneClass = oneClass;
    }

    /** A segmenter for the current task, on the device Spark assigned it. */
    ImageSegmenter forTask() {
        return new ImageSegmenter(model.forTask(), maxLongSide, oneClass);
    }

    /** Frees the shipped checkpoint once no task needs it. */
    void destroy() {
        model.destroy();
    }
}
