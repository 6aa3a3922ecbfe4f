package dev.foldhub.worker;

import dev.foldhub.StorageProperties;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.queue.DeviceKind;
import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobQueued;
import dev.foldhub.queue.JobRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The worker inside the server process: one slot on its configured device (foldhub.worker.device, cpu by default), run by the same {@link WorkerLoop} as a remote agent but
 * through the {@link InProcessGateway}. Besides training it takes the jobs that read the server's database
 * (device kind "server": blends, test predictions, submissions), which its feature packages run as {@link JobRunner}s.
 */
@Component
@ConditionalOnProperty(prefix = "foldhub.worker", name = "embedded", havingValue = "true", matchIfMissing = true)
class EmbeddedWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedWorker.class);
    /** How long a dead server process's embedded worker stays listed (OFFLINE) before it is forgotten. */
    private static final Duration FORGET_AFTER = Duration.ofHours(1);

    private final InProcessGateway gateway;
    private final Map<JobKind, LeasedJobRunner> runners = new EnumMap<>(JobKind.class);
    private final WorkerProperties properties;
    private final JobLogContext logContext;
    private final WorkerRegistry registry;
    private final String name;
    private final Path workRoot;
    private volatile WorkerLoop loop;
    private volatile boolean running;

    EmbeddedWorker(AgentService agents, WorkerRegistry registry, JobQueue queue, List<JobRunner> serverRunners,
                   WorkerProperties properties, TrainingProperties training, ExperimentService experiments,
                   StorageProperties storage, EmbeddedWorkerName processName) {
        this.registry = registry;
        this.name = processName.value();
        // why: a private directory per process, beside the artifacts (same file system: a hand-over is a rename)
        this.workRoot = storage.artifactsDir().resolve("work");
        this.gateway = new InProcessGateway(agents, workRoot.resolve(name));
        this.properties = properties;
        this.logContext = new JobLogContext(experiments::name);
        runners.put(JobKind.TRAIN_FOLD, new TrainFoldRunner(gateway, UnaryOperator.identity(), training.loader()));
        for (JobRunner runner : serverRunners) {
            runners.put(runner.kind(), (job, device, stop) -> runner.run(queue.get(job.id()), device, stop::stopNow));
        }
    }

    @Override
    public void start() {
        List<DeviceSlot> devices = List.of(slot(properties.device()));
        int forgotten = registry.forgetOfflineEmbedded(FORGET_AFTER);
        if (forgotten > 0) {
            log.info("forgot {} embedded worker(s) of server processes offline for over {}", forgotten, FORGET_AFTER);
        }
        Registered registered = gateway.register(new Registration(name, devices));
        removeWorkDirsOfForgottenWorkers();
        loop = new WorkerLoop(gateway, registered, devices, runners, Duration.ZERO, logContext);
        loop.start();
        running = true;
        log.info("embedded worker '{}' started (1 slot, {})", name, properties.device());
    }

    /**
     * A job was queued in this process: the idle slot asks for it now, not after its poll interval (a second of a
     * seconds-long blend). After the commit, so the lease can see the row; at once where no transaction runs.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void jobQueued(JobQueued event) {
        WorkerLoop current = loop;
        if (current != null) {
            current.wake();
        }
    }

    /** The work directories of server processes whose embedded worker was forgotten: nobody hands them over any more. */
    private void removeWorkDirsOfForgottenWorkers() {
        if (!Files.isDirectory(workRoot)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(workRoot)) {
            for (Path dir : dirs.toList()) {
                String worker = dir.getFileName().toString();
                if (worker.startsWith(properties.id() + "-") && registry.identity(worker).isEmpty()) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(file);
                        }
                    }
                }
            }
        } catch (IOException e) {
            log.warn("could not tidy {}: {}", workRoot, e.toString());
        }
    }

    /** This server process's worker name: no token can register it, and no other replica shares it. */
    String name() {
        return name;
    }

    /** foldhub.worker.device in DJL's notation: cpu, or gpuN (its memory unknown here: it takes jobs with no minimum). */
    static DeviceSlot slot(String device) {
        if (device.matches("gpu\\d+")) {
            return new DeviceSlot(DeviceKind.GPU, Integer.parseInt(device.substring(3)), 0);
        }
        if (!device.equals("cpu")) {
            throw new IllegalArgumentException("foldhub.worker.device must be cpu or gpuN, got " + device);
        }
        return DeviceSlot.cpu(0);
    }

    @Override
    public void stop() {
        running = false;
        if (loop != null) {
            // why: the server stops now; the job is released at once and resumes elsewhere from its last checkpoint
            loop.stop(Duration.ofMinutes(2));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // why: stop before the web server and the data source go away, so the job can be released
        return Integer.MAX_VALUE - 1000;
    }
}
