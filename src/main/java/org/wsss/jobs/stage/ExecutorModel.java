package org.wsss.jobs.stage;

import ai.djl.Device;
import java.io.Serial;
import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.wsss.spark.ExecutorModelCache;
import org.wsss.spark.TaskDevices;

/**
 * A trained network for a stage's tasks: its checkpoint goes to each executor once as a broadcast (not with every
 * task's closure), and each executor JVM loads it once per device ({@link ExecutorModelCache}), the device Spark
 * assigned the task. Made on the driver, used in tasks; {@link #destroy} frees the broadcast once the stage is done.
 *
 * @param <M> the network
 */
public final class ExecutorModel<M> implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private final Broadcast<? extends TrainedCheckpoint<M>> checkpoint;
    /** Known on the driver, so that a task whose executor already holds the model never reads the broadcast. */
    private final String location;
    private final String gpuResource;

    private ExecutorModel(Broadcast<? extends TrainedCheckpoint<M>> checkpoint, String location, String gpuResource) {
        this.checkpoint = checkpoint;
        this.location = location;
        this.gpuResource = gpuResource;
    }

    /** Broadcasts {@code checkpoint}; tasks find their GPU under the Spark resource name {@code gpuResource}. */
    public static <M, C extends TrainedCheckpoint<M> & Serializable> ExecutorModel<M> broadcast(
            SparkSession spark, C checkpoint, String gpuResource) {
        return new ExecutorModel<>(JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(checkpoint),
                checkpoint.location(), gpuResource);
    }

    /** The device Spark assigned the current task: its GPU, the CPU when it has none. */
    public Device taskDevice() {
        return TaskDevices.forCurrentTask(gpuResource).device();
    }

    /** The network on {@code device}, loaded by the first task of this executor that asks. */
    public M on(Device device) {
        return ExecutorModelCache.get(location, device.toString(), () -> checkpoint.value().load(device));
    }

    /** The network on the current task's device. */
    public M forTask() {
        return on(taskDevice());
    }

    /** Frees the broadcast on the driver and the executors; call when no task will need the model any more. */
    public void destroy() {
        checkpoint.destroy();
    }
}
