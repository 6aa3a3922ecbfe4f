package dev.foldhub.worker;

import java.util.List;
import org.springframework.stereotype.Service;

/** What other packages (the dashboard) may read of the registered workers. */
@Service
public class WorkerOverview {

    private final WorkerRegistry registry;

    WorkerOverview(WorkerRegistry registry) {
        this.registry = registry;
    }

    /** Every registered worker, by id, with its state and the jobs it holds now. */
    public List<WorkerView> list() {
        return registry.list();
    }
}
