package org.wsss.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.wsss.testing.TestSpark;

/** CPU stages' threads: the setting, or the cores the task owns. */
class TaskCoresTest {

    @Test
    void zeroMeansTheTasksCoresAndAPositiveSettingWins() {
        // deploy/spark-gpu.conf: a task holds its executor's 4 cores and its one GPU.
        assertEquals(4, TaskCores.resolve(0, 4, 64));
        assertEquals(2, TaskCores.resolve(2, 4, 64));
        assertEquals(1, TaskCores.resolve(0, 1, 64), "local mode: one core per task");
    }

    @Test
    void outsideATaskZeroMeansEveryProcessor() {
        assertEquals(8, TaskCores.resolve(0, 0, 8));
        assertEquals(Runtime.getRuntime().availableProcessors(), TaskCores.threads(0));
        assertThrows(IllegalArgumentException.class, () -> TaskCores.resolve(-1, 4, 8));
    }

    @Test
    void insideASparkTaskZeroReadsTheTaskCpus() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
        int taskCpus = Integer.parseInt(jsc.getConf().get("spark.task.cpus", "1"));
        List<Integer> threads = jsc.parallelize(List.of(1, 2), 2).map(i -> TaskCores.threads(0)).collect();
        assertEquals(List.of(taskCpus, taskCpus), threads);
        assertEquals(List.of(3), jsc.parallelize(List.of(1), 1).map(i -> TaskCores.threads(3)).collect());
    }
}
