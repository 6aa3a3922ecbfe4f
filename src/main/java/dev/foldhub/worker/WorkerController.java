package dev.foldhub.worker;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** REST view of the workers: their devices, current jobs, last heartbeat, online/offline; retiring one. */
@RestController
@RequestMapping("/api/workers")
class WorkerController {

    private final WorkerRegistry registry;

    WorkerController(WorkerRegistry registry) {
        this.registry = registry;
    }

    @GetMapping
    List<WorkerView> list() {
        return registry.list();
    }

    @GetMapping("/{id}")
    WorkerView get(@PathVariable String id) {
        return registry.get(id);
    }

    @PostMapping("/{id}/retire")
    WorkerView retire(@PathVariable String id) {
        return registry.retire(id);
    }
}
