package dev.foldhub.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * This server process's embedded worker name: foldhub.worker.id, the host and a random part
 * (embedded-myhost-3f9c0a1b2c4d). why: the replicas of a server on one database each run an embedded worker, and a
 * restarted process must not pass for the old one (the reaper requeues a dead process's jobs after the heartbeat
 * timeout); no token can register such a name (kind embedded, no owner).
 */
@Component
public class EmbeddedWorkerName {

    private final String value;

    EmbeddedWorkerName(WorkerProperties properties) {
        this.value = of(properties.id(), hostName());
    }

    /** The worker id of this process's embedded worker (also when it is switched off: then it leases nothing). */
    public String value() {
        return value;
    }

    static String of(String prefix, String host) {
        String safeHost = host == null ? "" : host.replaceAll("[^A-Za-z0-9._-]", "");
        safeHost = safeHost.substring(0, Math.min(safeHost.length(), 60));
        String random = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return prefix + "-" + (safeHost.isEmpty() ? "" : safeHost + "-") + random;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "";
        }
    }
}
