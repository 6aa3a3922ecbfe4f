package dev.foldhub.dashboard;

import dev.foldhub.storage.StorageUsage;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The storage page: what each experiment and data set takes, the total and the free disk, with Archive and Delete. */
@Controller
class StoragePages {

    private final StorageUsage usage;

    StoragePages(StorageUsage usage) {
        this.usage = usage;
    }

    @GetMapping("/storage")
    String storage(Model model) {
        model.addAttribute("storage", usage.report());
        return "storage";
    }
}
