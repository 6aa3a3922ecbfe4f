package dev.foldhub.worker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded worker that runs jobs inside the server process.
 *
 * @param embedded          whether the server runs its own worker (one slot)
 * @param id                the prefix of the embedded worker's name in the job table; each server process adds its
 *                          host and a random part (embedded-myhost-3f9c0a1b2c4d), a name no token can register
 * @param pollInterval      how long an idle worker waits before asking for a job again
 * @param heartbeatInterval how often a running job's heartbeat is sent and its cancel flag read
 * @param device            the device its jobs run on, in DJL's notation: cpu, gpu0, gpu1 (a GPU needs a CUDA
 *                          libtorch: see the README's GPU workers)
 */
@ConfigurationProperties("foldhub.worker")
public record WorkerProperties(
        @DefaultValue("true") boolean embedded,
        @DefaultValue("embedded") String id,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("cpu") String device) {
}
