package org.wsss.jobs.train;

import ai.djl.nn.Block;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.wsss.io.BadInputException;
import org.wsss.io.MissingInputException;
import org.wsss.io.Storage;
import org.wsss.model.nn.TensorMismatchException;
import org.wsss.model.weights.PretrainedWeights;
import org.wsss.model.weights.WeightFileException;
import org.wsss.model.weights.WeightFiles;

/** Loads ImageNet weights into a backbone from any Hadoop URI (local, s3a:, hdfs:). */
public final class PretrainedStart {
    private PretrainedStart() {}

    public static PretrainedWeights.LoadReport load(Storage storage, String location, Block backbone) throws IOException {
        Path path = new Path(Storage.qualify(location));
        if (!storage.exists(path)) throw new MissingInputException("pretrained weights " + location + " not found");
        try {
            return PretrainedWeights.load(backbone, WeightFiles.read(storage.readBytes(path), path.getName()),
                    path.toString());
        } catch (WeightFileException | TensorMismatchException e) {
            // The user named this file: an unreadable, refused or misfitting one is their input to fix.
            throw new BadInputException("pretrained weights " + location + ": " + e.getMessage());
        }
    }
}
