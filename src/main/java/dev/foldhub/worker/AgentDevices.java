package dev.foldhub.worker;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import dev.foldhub.queue.DeviceKind;
import dev.foldhub.queue.DeviceSlot;
import java.util.ArrayList;
import java.util.List;

/** Parses an agent's --devices: "0,1" (GPUs; "0:24000" with memory in MB), "cpu", "cpu:2". */
final class AgentDevices {

    private AgentDevices() {
    }

    static List<DeviceSlot> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--devices is empty: give GPU indexes (0,1) or cpu:N");
        }
        List<DeviceSlot> slots = new ArrayList<>();
        int cpus = 0;
        for (String item : spec.split(",")) {
            String s = item.trim().toLowerCase();
            try {
                if (s.equals("cpu")) {
                    slots.add(DeviceSlot.cpu(cpus++));
                } else if (s.startsWith("cpu:")) {
                    int n = Integer.parseInt(s.substring(4));
                    if (n < 1) {
                        throw new IllegalArgumentException("cpu:N needs N >= 1");
                    }
                    for (int i = 0; i < n; i++) {
                        slots.add(DeviceSlot.cpu(cpus++));
                    }
                } else {
                    String[] parts = s.split(":");
                    int index = Integer.parseInt(parts[0]);
                    long memory = parts.length > 1 ? Long.parseLong(parts[1]) : gpuMemoryMb(index);
                    slots.add(new DeviceSlot(DeviceKind.GPU, index, memory));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--devices: '" + item.trim() + "' is not a GPU index (0), "
                        + "GPU index:memoryMB (0:24000), cpu or cpu:N");
            }
        }
        return slots;
    }

    /** The GPU's total memory as the CUDA driver reports it. */
    private static long gpuMemoryMb(int index) {
        if (!CudaUtils.hasCuda() || index >= CudaUtils.getGpuCount()) {
            throw new IllegalArgumentException("--devices: no CUDA GPU " + index + " is visible here (" +
                    CudaUtils.getGpuCount() + " found); give its memory explicitly as " + index + ":MB to register it anyway");
        }
        return CudaUtils.getGpuMemory(Device.gpu(index)).getMax() / (1024 * 1024);
    }
}
