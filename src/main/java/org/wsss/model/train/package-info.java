/**
 * Training in one JVM, shaped for Spark's synchronous data parallelism.
 *
 * <p>Per round: the driver broadcasts a {@link org.wsss.model.train.ParameterSnapshot}; each task builds its network
 * (a model per task: {@code LocalTrainer} mutates it), {@link org.wsss.model.train.LocalTrainer#restore restores}
 * the snapshot, {@link org.wsss.model.train.LocalTrainer#train trains} a {@link org.wsss.model.train.TrainingRound}
 * of K steps on its partition's samples, and returns {@link org.wsss.model.train.LocalTrainer#snapshot()} with its
 * sample count; a {@code treeAggregate} with {@link org.wsss.model.train.SnapshotAverager} gives the next snapshot.
 * The round's seed should be derived from the run seed, the round and the partition, so a retried task reproduces
 * its result bit for bit on the CPU.
 */
package org.wsss.model.train;
