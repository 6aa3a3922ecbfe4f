package dev.foldhub.ensemble;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.web.ListPage;
import dev.foldhub.web.ListQuery;
import dev.foldhub.web.Paging;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Pages of ensembles: the page's ids from SQL ({@link EnsembleListing}), then the views of those only. */
@Service
public class EnsembleSearch {

    private final EnsembleListing listing;
    private final EnsembleRepository ensembles;
    private final EnsembleViews views;
    private final DatasetService datasets;

    EnsembleSearch(EnsembleListing listing, EnsembleRepository ensembles, EnsembleViews views, DatasetService datasets) {
        this.listing = listing;
        this.ensembles = ensembles;
        this.views = views;
        this.datasets = datasets;
    }

    /** A query from API parameters (default sort {@code -created}); a bad value is a 400 naming its parameter. */
    public static ListQuery query(String status, String name, String createdAfter, String createdBefore, String sort,
                                  Paging paging) {
        return ListQuery.parse(status, name, createdAfter, createdBefore, sort, paging, EnsembleListing.STATUSES,
                EnsembleListing.SORTS, "-created");
    }

    /** The query's page, of one data set (id or name; unknown: a 400 naming {@code dataset}) when given. */
    @Transactional(readOnly = true)
    public ListPage<EnsembleView> page(ListQuery query, String dataset) {
        Long datasetId = dataset == null || dataset.isBlank() ? null : datasets.resolveRequested(dataset).id();
        ListPage<Long> page = listing.page(query, datasetId);
        List<Ensemble> found = ensembles.findAllById(page.rows()).stream()
                .sorted(Comparator.comparingInt(e -> page.rows().indexOf(e.getId()))).toList();
        return new ListPage<>(views.ofAll(found), page.total());
    }
}
