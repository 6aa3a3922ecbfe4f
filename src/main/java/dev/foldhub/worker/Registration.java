package dev.foldhub.worker;

import dev.foldhub.queue.DeviceSlot;
import java.util.List;

/**
 * What a worker tells the server when it starts: its name (the worker id) and its devices.
 *
 * @param name    the worker's id; a restarted worker registers under the same name and its old jobs are requeued
 * @param devices one entry per device slot (kind CPU or GPU, index, GPU memory in MB)
 */
public record Registration(String name, List<DeviceSlot> devices) {
}
