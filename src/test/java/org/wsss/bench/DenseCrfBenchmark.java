package org.wsss.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.wsss.algo.crf.CrfReferenceCase;
import org.wsss.algo.crf.CrfSettings;
import org.wsss.algo.crf.DenseCrf;

/**
 * Milliseconds per dense-CRF inference (lattice construction and 10 mean-field iterations, PSA's settings) on the
 * two reference cases, the C++ DenseCRF2D's inputs; {@code threads} is the parallelism one call may use.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DenseCrfBenchmark {

    @Param({CrfReferenceCase.CASE1, CrfReferenceCase.CASE2})
    public String referenceCase;

    @Param({"1", "2"})
    public int threads;

    private CrfReferenceCase input;
    private DenseCrf crf;

    @Setup
    public void load() {
        input = CrfReferenceCase.load(referenceCase);
        crf = new DenseCrf(CrfSettings.psaDefaults(), threads);
    }

    @Benchmark
    public float[] infer() {
        return crf.infer(input.rgb(), input.scores(), input.labels(), input.height(), input.width());
    }
}
