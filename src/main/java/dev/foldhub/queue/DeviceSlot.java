package dev.foldhub.queue;

/**
 * One device of a worker that runs one job at a time.
 *
 * @param kind     CPU or GPU
 * @param index    the device's number on its machine (cuda index, or the n-th CPU slot)
 * @param memoryMb a GPU's memory (what {@link JobRequirement#minMemoryMb()} is compared with); 0 for a CPU
 */
public record DeviceSlot(DeviceKind kind, int index, long memoryMb) {

    public DeviceSlot {
        if (kind != DeviceKind.CPU && kind != DeviceKind.GPU) {
            throw new IllegalArgumentException("a device is cpu or gpu, got " + kind);
        }
        if (index < 0 || memoryMb < 0) {
            throw new IllegalArgumentException("device index and memory must be >= 0");
        }
    }

    public static DeviceSlot cpu(int index) {
        return new DeviceSlot(DeviceKind.CPU, index, 0);
    }

    /** DJL's name of the device: "cpu" or "gpu0". */
    public String djlName() {
        return kind == DeviceKind.CPU ? "cpu" : "gpu" + index;
    }

    /** The memory the lease compares with a job's minimum: a CPU is not limited by GPU memory. */
    long fitMemoryMb() {
        return kind == DeviceKind.CPU ? Integer.MAX_VALUE : memoryMb;
    }

    @Override
    public String toString() {
        return kind == DeviceKind.CPU ? "cpu" + index : "gpu" + index + "(" + memoryMb + "MB)";
    }
}
