package org.wsss.jobs.cam;

import java.io.Serial;
import java.util.List;
import org.wsss.algo.augment.BilinearResize;
import org.wsss.algo.augment.FloatImage;
import org.wsss.algo.augment.ImageNetNormalization;
import org.wsss.io.Storage;
import org.wsss.jobs.train.RoundEvaluator;
import org.wsss.model.cam.CamModel;
import org.wsss.model.nn.HostTensor;
import org.wsss.model.train.TrainableNetwork;

/** Top-1 accuracy of the classifier on whole images resized to the training crop (no augmentation). */
public final class CamAccuracy implements RoundEvaluator<CamSample> {
    @Serial
    private static final long serialVersionUID = 1L;
    private final Storage storage;
    private final int longSide;

    public CamAccuracy(Storage storage, int longSide) {
        this.storage = storage;
        this.longSide = longSide;
    }

    @Override
    public double evaluate(TrainableNetwork network, List<CamSample> samples) {
        CamModel model = (CamModel) network;
        int correct = 0;
        for (CamSample sample : samples) {
            FloatImage input = ImageNetNormalization.normalize(resizeLongSide(CamSampleSource.decode(storage, sample)));
            float[] logits = model.logits(HostTensor.batchOfOne(input)).values();
            int best = 0;
            for (int c = 1; c < logits.length; c++) if (logits[c] > logits[best]) best = c;
            if (best + 1 == sample.classId()) correct++;
        }
        return samples.isEmpty() ? 0 : (double) correct / samples.size();
    }

    private FloatImage resizeLongSide(FloatImage image) {
        double scale = (double) longSide / Math.max(image.height(), image.width());
        return BilinearResize.resize(image, Math.max(1, (int) Math.round(image.height() * scale)),
                Math.max(1, (int) Math.round(image.width() * scale)), true);
    }
}
