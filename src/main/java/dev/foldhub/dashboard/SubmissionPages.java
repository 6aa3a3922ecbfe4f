package dev.foldhub.dashboard;

import dev.foldhub.submission.SubmissionSearch;
import dev.foldhub.submission.SubmissionView;
import dev.foldhub.web.Paging;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The submission ledger, a page at a time: scores, leaderboard entry inline, CSV downloads and the CV-vs-LB scatter. */
@Controller
class SubmissionPages {

    private final SubmissionSearch search;

    SubmissionPages(SubmissionSearch search) {
        this.search = search;
    }

    @GetMapping("/submissions")
    String list(@RequestParam(required = false) Integer page, @RequestParam(required = false) Long submission,
                Model model) {
        // the table is a page in SQL, newest first; a page past the end shows the last one; ?submission=ID shows
        // the page that holds that submission (where the queue's and workers' links point)
        int requested = page == null && submission != null
                ? (int) Math.min(Integer.MAX_VALUE, search.positionInLedger(submission) / Paging.DEFAULT_LIMIT + 1)
                : PageLinks.requested(page);
        PageLinks.Shown<SubmissionView> shown = PageLinks.show(requested,
                paging -> search.page(SubmissionSearch.query(null, null, null, null, paging), null));
        model.addAttribute("submissions", shown.rows());
        model.addAttribute("pager", shown.pager());
        return "submissions";
    }
}
