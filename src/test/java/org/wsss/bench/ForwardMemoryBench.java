package org.wsss.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.wsss.model.backbone.BackboneKind;
import org.wsss.model.backbone.ForwardMemory;
import org.wsss.model.cam.CamModel;
import org.wsss.model.cam.CamModelSpec;
import org.wsss.model.nn.InferenceMode;

/**
 * One CAM forward's measured peak resident growth against {@link ForwardMemory}'s estimate. Arguments: backbone,
 * batch, height, width. Run one size per JVM: freed native memory the allocator keeps would hide a later peak.
 */
public final class ForwardMemoryBench {
    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        BackboneKind kind = BackboneKind.fromName(args[0]);
        int batch = Integer.parseInt(args[1]);
        int height = Integer.parseInt(args[2]);
        int width = Integer.parseInt(args[3]);
        try (CamModel model = CamModel.create(new CamModelSpec(kind, 20, 0.5f, 1L), Device.cpu())) {
            forward(model, 1, 64, 64);
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            long before = PeakMemory.currentResidentMegabytes();
            forward(model, batch, height, width);
            long measured = PeakMemory.residentMegabytes() - before;
            long estimate = ForwardMemory.bytes(kind, batch, height, width) >> 20;
            System.out.printf(Locale.ROOT, "%s batch %d %dx%d: peak growth %d MB, estimate %d MB (%.2f)%n",
                    args[0], batch, width, height, measured, estimate, (double) measured / estimate);
        }
    }

    private static void forward(CamModel model, int batch, int height, int width) {
        InferenceMode.run(() -> {
            try (NDManager scope = model.model().getNDManager().newSubManager()) {
                NDArray images = scope.randomNormal(new Shape(batch, 3, height, width));
                return model.network().cams(new ParameterStore(scope, false), images).toFloatArray().length;
            }
        });
    }
}
