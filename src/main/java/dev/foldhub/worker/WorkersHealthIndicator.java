package dev.foldhub.worker;

import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** /actuator/health "workers": how many workers are online. Always UP: a server without workers still serves its API. */
@Component("workers")
class WorkersHealthIndicator implements HealthIndicator {

    private final WorkerRegistry registry;

    WorkersHealthIndicator(WorkerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        List<WorkerView> workers = registry.list();
        long online = workers.stream().filter(w -> w.state().equals("ONLINE")).count();
        return Health.up().withDetail("online", online).withDetail("registered", workers.size()).build();
    }
}
