package org.wsss.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Grad mode is off inside the helper and back to what the thread had afterwards, also when the work fails. */
class InferenceModeTest {

    @Test
    void gradModeIsOffInsideAndRestoredAfterOnAFreshThread() throws Exception {
        Engine.getEngine("PyTorch");
        List<Boolean> seen = new ArrayList<>();
        Thread task = new Thread(() -> {
            seen.add(InferenceMode.recordsGraph());
            seen.add(InferenceMode.run(InferenceMode::recordsGraph));
            seen.add(InferenceMode.recordsGraph());
            assertThrows(IllegalStateException.class, () -> InferenceMode.run(() -> {
                throw new IllegalStateException("failed inference");
            }));
            seen.add(InferenceMode.recordsGraph());
        });
        task.start();
        task.join();

        assertEquals(List.of(true, false, true, true), seen);
    }
}
