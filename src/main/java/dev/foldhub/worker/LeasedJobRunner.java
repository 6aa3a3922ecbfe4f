package dev.foldhub.worker;

/** Runs one kind of leased job on a device (DJL name "cpu", "gpu0"); throws when {@code stop} says so. */
@FunctionalInterface
interface LeasedJobRunner {

    void run(LeasedJob job, String device, StopSignal stop);
}
