package dev.foldhub.queue;

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

    /** The default of a job kind: jobs that read the database run inside the server, training anywhere. */
    public static JobRequirement of(JobKind kind) {
        return new JobRequirement(kind == JobKind.TRAIN_FOLD ? DeviceKind.ANY : DeviceKind.SERVER, 0);
    }
}
