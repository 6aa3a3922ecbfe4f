package dev.foldhub.dashboard;

import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobPages;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import dev.foldhub.experiment.EpochView;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.queue.JobKind;
import dev.foldhub.worker.EmbeddedWorkerName;
import dev.foldhub.worker.WorkerProperties;
import dev.foldhub.worker.WorkerOverview;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The job table grouped by state, and the workers with the jobs they hold. */
@Controller
class QueuePages {

    private final JobQueue queue;
    private final WorkerProperties worker;
    private final WorkerOverview overview;
    private final ExperimentService experiments;
    private final JobPages pages;
    private final DashboardProperties limits;
    private final EmbeddedWorkerName embeddedName;
    private final JobLinks links;

    QueuePages(JobQueue queue, WorkerProperties worker, WorkerOverview overview, ExperimentService experiments,
               JobPages pages, DashboardProperties limits, EmbeddedWorkerName embeddedName, JobLinks links) {
        this.embeddedName = embeddedName;
        this.links = links;
        this.queue = queue;
        this.worker = worker;
        this.overview = overview;
        this.experiments = experiments;
        this.pages = pages;
        this.limits = limits;
    }

    /** The newest jobs of each state (foldhub.dashboard.queue-jobs-per-state) and how many there are in all. */
    @GetMapping("/queue")
    String queue(Model model) {
        Map<JobState, List<Job>> byState = new LinkedHashMap<>();
        Map<JobState, Long> counts = pages.countByState();
        for (JobState state : JobState.values()) {
            byState.put(state, counts.get(state) == 0 ? List.of() : pages.page(state, limits.queueJobsPerState(), 0));
        }
        model.addAttribute("jobsByState", byState);
        model.addAttribute("jobCounts", counts);
        model.addAttribute("links", links.of(byState.values().stream().flatMap(List::stream).toList()));
        return "queue";
    }

    @GetMapping("/workers")
    String workers(Model model) {
        Map<String, List<Job>> running = new TreeMap<>(queue.list(JobState.RUNNING).stream()
                .filter(job -> job.workerId() != null).collect(Collectors.groupingBy(Job::workerId)));
        model.addAttribute("worker", worker);
        model.addAttribute("embeddedName", embeddedName.value());
        model.addAttribute("embeddedJobs", running.getOrDefault(embeddedName.value(), List.of()));
        // images/s of each running training job: its last validated epoch's
        Map<Long, String> imagesPerSecond = new HashMap<>();
        running.values().stream().flatMap(List::stream).filter(j -> j.kind() == JobKind.TRAIN_FOLD && j.fold() != null)
                .forEach(j -> {
                    List<EpochView> epochs = experiments.epochs(j.subjectId(), j.fold());
                    if (!epochs.isEmpty()) {
                        imagesPerSecond.put(j.id(), String.format(Locale.ROOT, "%.1f",
                                epochs.get(epochs.size() - 1).imagesPerSecond()));
                    }
                });
        model.addAttribute("imagesPerSecond", imagesPerSecond);
        model.addAttribute("links", links.of(running.values().stream().flatMap(List::stream).toList()));
        running.remove(embeddedName.value());
        model.addAttribute("otherWorkers", running);
        model.addAttribute("registered", overview.list());
        return "workers";
    }
}
