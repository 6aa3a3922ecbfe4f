package dev.foldhub.worker;

import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.queue.DeviceKind;
import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobRunner;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The worker inside the server process: one slot on its configured device (foldhub.worker.device, cpu by default), run by the same {@link WorkerLoop} as a remote agent but
 * through the {@link InProcessGateway}. Besides training it takes the jobs that read the server's database
 * (device kind "server": blends, test predictions, submissions), which its feature packages run as {@link JobRunner}s.
 */
@Component
@ConditionalOnProperty(prefix = "foldhub.worker", name = "embedded", havingValue = "true", matchIfMissing = true)
class EmbeddedWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedWorker.class);

    private final InProcessGateway gateway;
    private final Map<JobKind, LeasedJobRunner> runners = new EnumMap<>(JobKind.class);
    private final WorkerProperties properties;
    private final JobLogContext logContext;
    private WorkerLoop loop;
    private volatile boolean running;

    EmbeddedWorker(AgentService agents, JobQueue queue, List<JobRunner> serverRunners, WorkerProperties properties,
                   TrainingProperties training, ExperimentService experiments) {
        this.gateway = new InProcessGateway(agents);
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
        Registered registered = gateway.register(new Registration(properties.id(), devices));
        loop = new WorkerLoop(gateway, registered, devices, runners, Duration.ZERO, logContext);
        loop.start();
        running = true;
        log.info("embedded worker '{}' started (1 slot, {})", properties.id(), properties.device());
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
