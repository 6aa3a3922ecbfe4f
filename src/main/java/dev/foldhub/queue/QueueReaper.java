package dev.foldhub.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Requeues jobs whose worker died (no heartbeat within the timeout). */
@Component
class QueueReaper {

    private static final Logger log = LoggerFactory.getLogger(QueueReaper.class);

    private final JobQueue queue;

    QueueReaper(JobQueue queue) {
        this.queue = queue;
    }

    @Scheduled(fixedDelayString = "${foldhub.queue.reap-interval:15s}", initialDelayString = "${foldhub.queue.reap-interval:15s}")
    void reap() {
        int reaped = queue.reapStale();
        if (reaped > 0) {
            log.warn("requeued or failed {} job(s) whose worker stopped heartbeating", reaped);
        }
    }
}
