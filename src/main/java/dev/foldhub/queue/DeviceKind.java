package dev.foldhub.queue;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a job needs to run on, or what a worker's device is. A job of kind ANY runs on any device; SERVER jobs
 * read the server's database (blends, submissions, test predictions) and go only to a worker inside the server.
 */
public enum DeviceKind {
    ANY, CPU, GPU, SERVER;

    /** The value stored in jobs.device_kind. */
    public String sql() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "cpu", "GPU", ...; null for an unknown name. */
    public static DeviceKind parse(String name) {
        return name == null ? null : Arrays.stream(values()).filter(k -> k.name().equalsIgnoreCase(name.trim()))
                .findFirst().orElse(null);
    }
}
