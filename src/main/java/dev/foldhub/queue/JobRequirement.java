package dev.foldhub.queue;

import dev.foldhub.errors.InvalidInputException;

/**
 * Where a job may run.
 *
 * @param deviceKind  the device it needs (ANY, CPU, GPU, or SERVER for a worker inside the server)
 * @param minMemoryMb the least memory a GPU must have to take it (0: any); CPUs are not limited by it
 */
public record JobRequirement(DeviceKind deviceKind, int minMemoryMb) {

    public JobRequirement {
        if (deviceKind == null || minMemoryMb < 0) {
            throw new IllegalArgumentException("a job requirement needs a device kind and minMemoryMb >= 0");
        }
    }

    /**
     * A user's choice for training jobs: device "any" (default), "cpu" or "gpu", and a minimum GPU memory in MB;
     * 400 naming the field otherwise.
     */
    public static JobRequirement parse(String device, Integer minGpuMemoryMb) {
        DeviceKind kind = device == null || device.isBlank() ? DeviceKind.ANY : DeviceKind.parse(device);
        if (kind == null || kind == DeviceKind.SERVER) {
            throw new InvalidInputException("device", "must be any, cpu or gpu, got '" + device + "'");
        }
        if (minGpuMemoryMb != null && minGpuMemoryMb < 0) {
            throw new InvalidInputException("minGpuMemoryMb", "must be 0 or more (MB), got " + minGpuMemoryMb);
        }
        return new JobRequirement(kind, minGpuMemoryMb == null ? 0 : minGpuMemoryMb);
    }

    /** The default of a job kind: jobs that read the database run inside the server, training anywhere. */
    public static JobRequirement of(JobKind kind) {
        return new JobRequirement(kind == JobKind.TRAIN_FOLD ? DeviceKind.ANY : DeviceKind.SERVER, 0);
    }
}
