package org.wsss.jobs.stage;

import java.io.Serial;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.wsss.algo.crf.DenseCrf;
import org.wsss.config.CrfConfig;
import org.wsss.io.Storage;
import org.wsss.spark.PartitionBatches;
import org.wsss.spark.TaskCores;

/**
 * A partition function that runs a dense CRF on each image of its partition: one CRF (and its threads) per task,
 * rows mapped lazily one by one. Runs on executors; its fields are settings and the storage only.
 *
 * @param <T> what each image becomes
 */
public abstract class CrfPerImage<T> implements FlatMapFunction<Iterator<Row>, T> {
    @Serial
    private static final long serialVersionUID = 1L;
    protected final Storage storage;
    private final CrfConfig crf;

    protected CrfPerImage(Storage storage, CrfConfig crf) {
        this.storage = storage;
        this.crf = crf;
    }

    @Override
    public final Iterator<T> call(Iterator<Row> rows) {
        DenseCrf denseCrf = new DenseCrf(crf.crf(), TaskCores.threads(crf.threads()));
        return PartitionBatches.mapEach(rows, row -> apply(row, denseCrf));
    }

    protected abstract T apply(Row row, DenseCrf denseCrf);
}
