package org.recon4j.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.recon4j.InvalidInputException;

/** Kernels run on the device asked for, or the call fails: a silent Java fallback never passes. */
class DeviceQueueTest {
    @Test
    void aKernelRunsOnTheDeviceAndEveryByteIsCounted() {
        ComputeDevice device = OpenClTestDevice.get();
        DeviceQueue queue = new DeviceQueue(device);
        SquareKernel square = queue.prepare(new SquareKernel());
        square.count = 100;
        square.values = new float[100];
        for (int i = 0; i < 100; i++) {
            square.values[i] = i;
        }
        queue.put(square, square.values);
        queue.run(square, 100, "squares", square.values);
        float[] expected = new float[100];
        for (int i = 0; i < 100; i++) {
            expected[i] = i * i;
        }
        assertArrayEquals(expected, square.values);
        assertTrue(square.isRunningCL());
        assertSame(device.aparapiDevice(), square.getTargetDevice());
        DeviceStatistics statistics = queue.statistics();
        assertEquals(1, statistics.launches());
        assertEquals(400, statistics.bytesToDevice());
        // the squares come back unless the device wrote them into the Java array itself
        assertEquals(DeviceQueue.worksInJavaArrays(device) ? 0 : 400, statistics.bytesFromDevice());
        square.dispose();
    }

    @Test
    void whatTheDeviceWroteSurvivesTheGarbageCollectorMovingItsArray() {
        DeviceQueue queue = new DeviceQueue(OpenClTestDevice.get());
        SquareKernel square = queue.prepare(new SquareKernel());
        square.count = 100;
        square.values = new float[100];
        for (int i = 0; i < 100; i++) {
            square.values[i] = 1 + i * 0.01f;
        }
        queue.put(square, square.values);
        queue.run(square, 100, "squares", square.values);
        float[] once = square.values.clone();
        // a full collection compacts the heap; Aparapi then makes a new buffer from the Java array
        System.gc();
        queue.run(square, 100, "squares", square.values);
        for (int i = 0; i < 100; i++) {
            assertEquals(once[i] * once[i], square.values[i], 0f, "value " + i + " squared twice");
        }
        square.dispose();
    }

    @Test
    void aFallbackToJavaIsAnError() {
        DeviceQueue queue = new DeviceQueue(OpenClTestDevice.get());
        UntranslatableKernel kernel = queue.prepare(new UntranslatableKernel());
        DeviceFallbackException error = assertThrows(DeviceFallbackException.class, () -> queue.run(kernel, 3, "the test kernel"));
        assertTrue(error.getMessage().startsWith("the test kernel did not run on " + OpenClTestDevice.get().name()),
                error.getMessage());
        kernel.dispose();
    }

    @Test
    void anUnknownDeviceNameIsRefusedWithTheListOfDevices() {
        OpenClTestDevice.get();
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> ComputeDevice.select("no-such-card"));
        assertTrue(error.getMessage().startsWith("no OpenCL device matches 'no-such-card'; found "), error.getMessage());
        assertTrue(error.getMessage().contains(OpenClTestDevice.get().name()), error.getMessage());
    }
}
