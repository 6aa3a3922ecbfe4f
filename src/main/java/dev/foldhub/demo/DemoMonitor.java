package dev.foldhub.demo;

import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.experiment.FoldView;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs the demo's progress every 20 seconds and a score table when every experiment has finished. */
final class DemoMonitor implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(DemoMonitor.class);

    private final ExperimentService experiments;
    private final List<Long> ids;
    private final long startedNanos;
    private final String loginHint;

    DemoMonitor(ExperimentService experiments, List<Long> ids, long startedNanos, String loginHint) {
        this.experiments = experiments;
        this.ids = ids;
        this.startedNanos = startedNanos;
        this.loginHint = loginHint;
    }

    @Override
    public void run() {
        try {
            while (true) {
                Thread.sleep(20_000);
                List<ExperimentView> views = ids.stream().map(experiments::get).toList();
                if (views.stream().allMatch(v -> v.status().isFinished())) {
                    logSummary(views);
                    return;
                }
                log.info("demo: {}", views.stream().map(v -> v.name() + " " + v.status() + " " + v.foldsDone() + "/"
                        + v.foldsTotal() + " folds").collect(Collectors.joining(", ")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("demo monitor stopped: {}", e.toString());
        }
    }

    private void logSummary(List<ExperimentView> views) {
        double minutes = (System.nanoTime() - startedNanos) / 60e9;
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "demo finished in %.1f min%n", minutes));
        for (ExperimentView v : views) {
            table.append(String.format(Locale.ROOT, "  %-16s %-9s folds F2 [%s]  CV %s +- %s  pooled OOF F2 %s%n",
                    v.name(), v.status(),
                    v.folds().stream().map(f -> fmt(f.bestF2())).collect(Collectors.joining(", ")),
                    fmt(v.cvMean()), fmt(v.cvStd()), fmt(v.oofF2())));
            for (FoldView f : v.folds()) {
                if (f.error() != null) {
                    table.append("    fold ").append(f.fold()).append(": ").append(f.error()).append('\n');
                }
            }
        }
        table.append("  ").append(loginHint);
        log.info(table.toString());
    }

    private static String fmt(Double x) {
        return x == null ? "-" : String.format(Locale.ROOT, "%.4f", x);
    }
}
