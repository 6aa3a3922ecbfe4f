package dev.foldhub.submission;

import dev.foldhub.ensemble.EnsembleService;
import dev.foldhub.errors.NotFoundException;
import dev.foldhub.web.ListPage;
import dev.foldhub.web.ListQuery;
import dev.foldhub.web.Paging;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Pages of submissions: the page's ids from SQL ({@link SubmissionListing}), then the views of those only. */
@Service
public class SubmissionSearch {

    private final SubmissionListing listing;
    private final SubmissionStore store;
    private final SubmissionViews views;
    private final EnsembleService ensembles;

    SubmissionSearch(SubmissionListing listing, SubmissionStore store, SubmissionViews views, EnsembleService ensembles) {
        this.listing = listing;
        this.store = store;
        this.views = views;
        this.ensembles = ensembles;
    }

    /** A query from API parameters (default sort {@code -created}); a bad value is a 400 naming its parameter. */
    public static ListQuery query(String status, String createdAfter, String createdBefore, String sort, Paging paging) {
        return ListQuery.parse(status, null, createdAfter, createdBefore, sort, paging, SubmissionListing.STATUSES,
                SubmissionListing.SORTS, "-created");
    }

    /** The query's page, of one ensemble when {@code ensembleId} is given. */
    @Transactional(readOnly = true)
    public ListPage<SubmissionView> page(ListQuery query, Long ensembleId) {
        ListPage<Long> page = listing.page(query, ensembleId);
        List<SubmissionView> rows = page.rows().stream().map(id -> store.find(id).orElseThrow())
                .map(s -> views.of(s, store.inputs(s.id()), ensembles.blend(s.ensembleId()))).toList();
        return new ListPage<>(rows, page.total());
    }

    /** The 0-based position of a submission in the ledger's default order (newest first); an unknown id is a 404. */
    @Transactional(readOnly = true)
    public long positionInLedger(long id) {
        if (store.find(id).isEmpty()) {
            throw new NotFoundException("submission", id);
        }
        return listing.newerThan(id);
    }

    /** The best public leaderboard score so far (one query for the submission, one for its ensemble's name). */
    @Transactional(readOnly = true)
    public Optional<BestLeaderboard> bestPublic() {
        return listing.bestPublic().flatMap(store::find).map(s -> new BestLeaderboard(s.id(), s.ensembleId(),
                ensembles.blend(s.ensembleId()).name(), s.publicScore()));
    }
}
