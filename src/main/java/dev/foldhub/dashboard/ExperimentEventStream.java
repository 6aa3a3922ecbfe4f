package dev.foldhub.dashboard;

import dev.foldhub.experiment.EpochView;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.experiment.FoldView;
import dev.foldhub.errors.LimitReachedException;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-Sent Events of one experiment: polls the database every second per open page and sends the
 * experiment with its epochs whenever that JSON changed. Polling keeps training code unaware of pages.
 * Open streams are capped per user (429) and in all (503): each one costs a query a second.
 */
@Component
class ExperimentEventStream {

    private static final Logger log = LoggerFactory.getLogger(ExperimentEventStream.class);
    static final Duration POLL = Duration.ofSeconds(1);
    /** the browser's EventSource reconnects by itself after this */
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final ExperimentService experiments;
    private final JsonMapper json;
    private final DashboardProperties limits;
    private final ScheduledThreadPoolExecutor poller = new ScheduledThreadPoolExecutor(2, r -> {
        Thread thread = new Thread(r, "dashboard-events");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Subscription> open = ConcurrentHashMap.newKeySet();
    /** open streams by user; guarded by this */
    private final Map<String, Integer> perUser = new HashMap<>();
    /** guarded by this */
    private int total;

    ExperimentEventStream(ExperimentService experiments, JsonMapper json, DashboardProperties limits) {
        this.experiments = experiments;
        this.json = json;
        this.limits = limits;
        poller.setRemoveOnCancelPolicy(true);
    }

    /** A stream of the experiment for the user (a user name or token name; null without authentication). */
    SseEmitter subscribe(long id, String user) {
        experiments.get(id); // 404 before the stream starts
        String owner = user == null ? "" : user;
        reserve(owner);
        Subscription subscription = new Subscription(id, owner, new SseEmitter(TIMEOUT.toMillis()));
        try {
            subscription.start();
        } catch (RuntimeException e) {
            subscription.stop();
            throw e;
        }
        return subscription.emitter;
    }

    /** Open streams (what the caps count). */
    int open() {
        return open.size();
    }

    /** Polls still scheduled or running: one per open stream, none left behind by a stream that ended. */
    int polls() {
        return poller.getQueue().size() + poller.getActiveCount();
    }

    private synchronized void reserve(String user) {
        int mine = perUser.getOrDefault(user, 0);
        if (mine >= limits.maxEventStreamsPerUser()) {
            throw LimitReachedException.perCaller("you have " + mine + " live experiment streams open; at most "
                    + limits.maxEventStreamsPerUser() + " are served per user", DashboardProperties.MAX_STREAMS_PER_USER);
        }
        if (total >= limits.maxEventStreams()) {
            throw LimitReachedException.total("the server has " + total + " live experiment streams open, its limit; "
                    + "try again later", DashboardProperties.MAX_STREAMS);
        }
        perUser.merge(user, 1, Integer::sum);
        total++;
    }

    private synchronized void release(String user) {
        perUser.computeIfPresent(user, (k, n) -> n > 1 ? n - 1 : null);
        total--;
    }

    ExperimentSnapshot snapshot(long id) {
        ExperimentView experiment = experiments.get(id);
        Map<Integer, List<EpochView>> epochs = new LinkedHashMap<>();
        for (FoldView fold : experiment.folds()) {
            epochs.put(fold.fold(), experiments.epochs(id, fold.fold()));
        }
        return new ExperimentSnapshot(experiment, epochs);
    }

    @PreDestroy
    void close() {
        open.forEach(s -> s.emitter.complete());
        poller.shutdownNow();
    }

    /** One open page: its emitter and the poll that feeds it; stopping it (once) cancels the poll and frees its slot. */
    private final class Subscription implements Runnable {

        private final long id;
        private final String user;
        private final SseEmitter emitter;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private volatile ScheduledFuture<?> poll;
        /** the last JSON sent and when anything was; only the poll touches them, and its runs follow one another */
        private String last;
        private long lastSentNanos = System.nanoTime();

        Subscription(long id, String user, SseEmitter emitter) {
            this.id = id;
            this.user = user;
            this.emitter = emitter;
        }

        void start() {
            emitter.onCompletion(this::stop);
            emitter.onTimeout(this::stop);
            emitter.onError(e -> stop());
            open.add(this);
            poll = poller.scheduleWithFixedDelay(this, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
            // why: the stream may have ended (and stop() run, seeing no poll yet) before the poll was assigned
            if (stopped.get()) {
                poll.cancel(false);
            }
        }

        void stop() {
            if (stopped.compareAndSet(false, true)) {
                open.remove(this);
                release(user);
                ScheduledFuture<?> running = poll;
                if (running != null) {
                    running.cancel(false);
                }
            }
        }

        @Override
        public void run() {
            if (stopped.get()) {
                ScheduledFuture<?> self = poll;
                if (self != null) { // null: start() cancels it as soon as it is assigned
                    self.cancel(false);
                }
                return;
            }
            try {
                String snapshot = json.writeValueAsString(snapshot(id));
                if (!snapshot.equals(last)) {
                    emitter.send(SseEmitter.event().name("experiment").data(snapshot));
                    last = snapshot;
                    lastSentNanos = System.nanoTime();
                } else if (System.nanoTime() - lastSentNanos >= limits.eventKeepAlive().toNanos()) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                    lastSentNanos = System.nanoTime();
                }
            } catch (Exception e) {
                // why: stop here, not only in the emitter's callbacks: a page that went away may not be noticed by
                // the container until the timeout, and the poll would run every second until then
                log.debug("experiment {} events stopped: {}", id, e.toString());
                stop();
                emitter.completeWithError(e);
            }
        }
    }
}
