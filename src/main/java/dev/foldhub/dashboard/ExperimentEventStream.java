package dev.foldhub.dashboard;

import dev.foldhub.experiment.EpochView;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.experiment.FoldView;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-Sent Events of one experiment: polls the database every second per open page and sends the
 * experiment with its epochs whenever that JSON changed. Polling keeps training code unaware of pages.
 */
@Component
class ExperimentEventStream {

    private static final Logger log = LoggerFactory.getLogger(ExperimentEventStream.class);
    static final Duration POLL = Duration.ofSeconds(1);
    /** the browser's EventSource reconnects by itself after this */
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final ExperimentService experiments;
    private final JsonMapper json;
    private final ScheduledExecutorService poller = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "dashboard-events");
        thread.setDaemon(true);
        return thread;
    });
    private final List<SseEmitter> open = new CopyOnWriteArrayList<>();

    ExperimentEventStream(ExperimentService experiments, JsonMapper json) {
        this.experiments = experiments;
        this.json = json;
    }

    SseEmitter subscribe(long id) {
        experiments.get(id); // 404 before the stream starts
        SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        AtomicReference<String> last = new AtomicReference<>();
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable stop = () -> {
            open.remove(emitter);
            ScheduledFuture<?> running = task.get();
            if (running != null) {
                running.cancel(false);
            }
        };
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(e -> stop.run());
        open.add(emitter);
        task.set(poller.scheduleWithFixedDelay(() -> push(id, emitter, last), 0, POLL.toMillis(), TimeUnit.MILLISECONDS));
        return emitter;
    }

    private void push(long id, SseEmitter emitter, AtomicReference<String> last) {
        try {
            String snapshot = json.writeValueAsString(snapshot(id));
            if (!snapshot.equals(last.getAndSet(snapshot))) {
                emitter.send(SseEmitter.event().name("experiment").data(snapshot));
            }
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e); // the page went away
        } catch (RuntimeException e) {
            log.debug("experiment {} events stopped: {}", id, e.toString());
            emitter.completeWithError(e);
        }
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
        open.forEach(SseEmitter::complete);
        poller.shutdownNow();
    }
}
