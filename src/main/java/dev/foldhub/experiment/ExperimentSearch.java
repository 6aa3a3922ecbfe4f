package dev.foldhub.experiment;

import dev.foldhub.dataset.DatasetInfo;
import dev.foldhub.dataset.DatasetService;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pages of experiments for the API and the dashboard: the page's ids come from SQL ({@link ExperimentListing}),
 * then only those experiments' folds, results and epochs are read to build their views.
 */
@Service
public class ExperimentSearch {

    private final ExperimentListing listing;
    private final ExperimentRepository experiments;
    private final ExperimentViews views;
    private final DatasetService datasets;

    ExperimentSearch(ExperimentListing listing, ExperimentRepository experiments, ExperimentViews views,
                     DatasetService datasets) {
        this.listing = listing;
        this.experiments = experiments;
        this.views = views;
        this.datasets = datasets;
    }

    /** The query's page; an unknown data set in {@code dataset} is a 400 naming it. */
    @Transactional(readOnly = true)
    public ExperimentPage page(ExperimentQuery query) {
        Long datasetId = query.dataset() == null ? null : datasets.resolveRequested(query.dataset()).id();
        // why: data sets are few; the search box's match on their names becomes a list of ids, not a join
        List<Long> textDatasets = query.text() == null ? List.of() : datasets.list().stream()
                .filter(d -> d.name().toLowerCase(Locale.ROOT).contains(query.text().toLowerCase(Locale.ROOT)))
                .map(DatasetInfo::id).toList();
        ExperimentListing.Ids page = listing.page(query, datasetId, textDatasets);
        List<Experiment> rows = experiments.findAllById(page.ids()).stream()
                .sorted(Comparator.comparingInt(e -> page.ids().indexOf(e.getId()))).toList();
        return new ExperimentPage(views.ofPage(rows), page.total());
    }
}
