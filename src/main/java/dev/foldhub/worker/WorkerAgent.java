package dev.foldhub.worker;

import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.queue.JobKind;
import dev.foldhub.training.LoaderSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A remote worker: registers its devices with the server (retrying until it answers), then runs one
 * {@link WorkerLoop} slot per device over HTTP. On shutdown (SIGTERM) each running job finishes its epoch,
 * uploads its checkpoint and is released, so the queue hands it to another worker at once.
 */
final class WorkerAgent implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkerAgent.class);

    private final AgentProperties properties;
    private final LoaderSettings loader;
    private final List<DeviceSlot> devices;
    private final HttpWorkerGateway gateway;
    private volatile WorkerLoop loop;
    private volatile boolean running;
    private Thread boot;

    WorkerAgent(AgentProperties properties, LoaderSettings loader) {
        if (properties.server() == null || properties.server().isBlank()) {
            throw new IllegalArgumentException("the worker needs the server's URL: --server http://host:8080 "
                    + "(or foldhub.agent.server / FOLDHUB_AGENT_SERVER)");
        }
        this.properties = properties;
        this.loader = loader;
        this.devices = AgentDevices.parse(properties.devices());
        this.gateway = new HttpWorkerGateway(properties.server(), properties.token(), properties.workDir(),
                properties.maxBackoff(), properties.retryLimit());
    }

    @Override
    public void start() {
        running = true;
        String name = properties.name() == null || properties.name().isBlank() ? hostName() : properties.name();
        boot = new Thread(() -> {
            Registered registered;
            try {
                registered = gateway.register(new Registration(name, devices));
            } catch (RuntimeException e) {
                if (running) {
                    log.error("worker agent '{}' could not register with {}", name, properties.server(), e);
                }
                return;
            }
            Map<JobKind, LeasedJobRunner> runners = Map.of(JobKind.TRAIN_FOLD,
                    new TrainFoldRunner(gateway, dataRootMap(properties.dataRootMap()), loader));
            // why: the agent has no database to name experiments from; the fold runner adds the name from its task
            WorkerLoop started = new WorkerLoop(gateway, registered, devices, runners, properties.shutdownGrace(),
                    new JobLogContext(id -> null));
            synchronized (this) {
                if (running) {
                    loop = started;
                    started.start();
                }
            }
        }, "foldhub-agent-boot");
        boot.start();
        log.info("worker agent '{}' for {} with devices {}", name, properties.server(), devices);
    }

    @Override
    public void stop() {
        synchronized (this) {
            running = false;
        }
        if (boot != null) {
            boot.interrupt();
        }
        WorkerLoop current = loop;
        if (current != null) {
            current.stop(properties.shutdownGrace().plus(Duration.ofMinutes(1)));
        }
        log.info("worker agent stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** "/srv/imet=/mnt/imet": a path the server names under /srv/imet is read under /mnt/imet here. */
    static UnaryOperator<String> dataRootMap(String spec) {
        if (spec == null || spec.isBlank()) {
            return UnaryOperator.identity();
        }
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--data-root-map must be serverPrefix=localPrefix, got '" + spec + "'");
        }
        String from = spec.substring(0, eq);
        String to = spec.substring(eq + 1);
        return path -> path.startsWith(from) ? to + path.substring(from.length()) : path;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
