package dev.foldhub.storage;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The storage view: bytes per experiment and data set, the total and the free disk. */
@RestController
class StorageController {

    private final StorageUsage usage;

    StorageController(StorageUsage usage) {
        this.usage = usage;
    }

    @GetMapping("/api/storage")
    StorageReport storage() {
        return usage.report();
    }
}
