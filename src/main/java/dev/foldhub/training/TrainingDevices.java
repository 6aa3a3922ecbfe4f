package dev.foldhub.training;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** A job's device name ("cpu", "gpu0", "gpu1", as workers give it) checked against what the PyTorch engine sees. */
public final class TrainingDevices {

    private TrainingDevices() {
    }

    /**
     * @throws IllegalArgumentException for a malformed name, or a GPU this engine does not see (no CUDA libtorch
     *                                  loaded, or fewer GPUs): the job fails instead of silently running elsewhere
     */
    public static Device resolve(String name) {
        Device device;
        try {
            device = Device.fromName(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("device '" + name + "' is not cpu, gpu0, gpu1, ...", e);
        }
        if (!device.isGpu() && !Device.Type.CPU.equals(device.getDeviceType())) {
            throw new IllegalArgumentException("device '" + name + "' is not cpu, gpu0, gpu1, ...");
        }
        if (device.isGpu()) {
            int gpus = Engine.getInstance().getGpuCount();
            if (device.getDeviceId() >= gpus) {
                throw new IllegalArgumentException("device " + name + " is not available: the PyTorch engine ("
                        + Engine.getInstance().getVersion() + ") sees " + gpus + " GPU(s); a GPU worker needs a CUDA"
                        + " libtorch 2.7.1 (cu128) through PYTORCH_LIBRARY_PATH, see docs/gpu-workers.md");
            }
        }
        return device;
    }
}
