package dev.foldhub.dashboard;

import dev.foldhub.submission.SubmissionService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The submission ledger: scores, leaderboard entry inline, CSV downloads and the CV-vs-LB scatter. */
@Controller
class SubmissionPages {

    private final SubmissionService submissions;

    SubmissionPages(SubmissionService submissions) {
        this.submissions = submissions;
    }

    @GetMapping("/submissions")
    String list(Model model) {
        model.addAttribute("submissions", submissions.list());
        return "submissions";
    }
}
