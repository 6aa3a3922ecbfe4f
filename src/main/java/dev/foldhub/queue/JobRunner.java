package dev.foldhub.queue;

import java.util.function.BooleanSupplier;

/**
 * Runs the jobs of one kind on a worker. A feature package provides one per job kind it queues;
 * the worker picks it by {@link Job#kind()}. Implementations stop (by throwing) when {@code stop} turns true.
 */
public interface JobRunner {

    JobKind kind();

    /**
     * @param device the device to use, in DJL's notation ("cpu", "gpu0")
     */
    void run(Job job, String device, BooleanSupplier stop);
}
