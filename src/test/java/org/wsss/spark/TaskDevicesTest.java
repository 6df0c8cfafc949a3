package org.wsss.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

class TaskDevicesTest {
    private static Map<String, ResourceInformation> gpus(String... addresses) {
        return Map.of("gpu", new ResourceInformation("gpu", addresses));
    }

    @Test
    void noResourcesMeansCpu() {
        TaskDevices.Assignment a = TaskDevices.choose(Map.of(), "gpu", 4);
        assertEquals(Device.cpu(), a.device());
        assertEquals(Optional.empty(), a.gpuAddress());
    }

    @Test
    void assignedAddressBecomesThatGpu() {
        assertEquals(Device.gpu(2), TaskDevices.choose(gpus("2"), "gpu", 4).device());
        assertEquals(Device.gpu(0), TaskDevices.choose(gpus("0", "1"), "gpu", 4).device());
    }

    @Test
    void addressBeyondVisibleGpusWrapsAround() {
        // A container that exposes only its own GPU sees it as device 0 whatever the host's address.
        assertEquals(Device.gpu(0), TaskDevices.choose(gpus("3"), "gpu", 1).device());
    }

    @Test
    void engineWithoutGpusFallsBackToCpuButRemembersTheAddress() {
        TaskDevices.Assignment a = TaskDevices.choose(gpus("1"), "gpu", 0);
        assertEquals(Device.cpu(), a.device());
        assertEquals(Optional.of("1"), a.gpuAddress());
        assertTrue(a.describe().contains("gpu address 1"));
    }

    @Test
    void otherResourceNamesAreIgnoredAndBadAddressesNamed() {
        assertEquals(Device.cpu(), TaskDevices.choose(Map.of("fpga",
                new ResourceInformation("fpga", new String[] {"0"})), "gpu", 2).device());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskDevices.choose(gpus("GPU-uuid-x"), "gpu", 2));
        assertTrue(e.getMessage().contains("GPU-uuid-x"));
    }
}
