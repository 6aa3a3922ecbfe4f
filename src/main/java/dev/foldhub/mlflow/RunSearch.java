package dev.foldhub.mlflow;

import dev.foldhub.mlflow.MlflowMessages.KeyValue;
import dev.foldhub.mlflow.MlflowMessages.Metric;
import dev.foldhub.mlflow.MlflowMessages.Run;
import dev.foldhub.mlflow.MlflowMessages.RunData;
import dev.foldhub.mlflow.MlflowMessages.RunsPage;
import dev.foldhub.mlflow.MlflowMessages.SearchRuns;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * runs/search: the runs of some experiments that match a filter, ordered, a page at a time. Evaluated in
 * memory over the experiments' runs with their params, tags and latest metrics (three queries), which is
 * plenty for a team's few thousand runs.
 */
@Service
class RunSearch {

    private static final int MAX_RESULTS = 50_000;

    /** A run with what filters and orders look at. */
    private record Candidate(MlflowRunStore.Row run, List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags) {

        Double metric(String key) {
            return metrics.stream().filter(m -> m.key().equals(key)).map(Metric::value).findFirst().orElse(null);
        }

        static String value(List<KeyValue> pairs, String key) {
            return pairs.stream().filter(p -> p.key().equals(key)).map(KeyValue::value).findFirst().orElse(null);
        }
    }

    private final MlflowExperiments experiments;
    private final MlflowRunStore runs;
    private final MlflowMetricStore metrics;

    RunSearch(MlflowExperiments experiments, MlflowRunStore runs, MlflowMetricStore metrics) {
        this.experiments = experiments;
        this.runs = runs;
        this.metrics = metrics;
    }

    @Transactional(readOnly = true)
    RunsPage search(SearchRuns request) {
        int max = request.maxResults() == null ? 1000 : request.maxResults().intValue();
        if (max < 1 || max > MAX_RESULTS) {
            throw MlflowException.invalid("Invalid value " + request.maxResults() + " for parameter 'max_results':"
                    + " it must be between 1 and " + MAX_RESULTS);
        }
        String view = ViewType.of(request.runViewType());
        List<SearchFilter.Clause> filter = SearchFilter.parse(request.filter());
        Comparator<Candidate> order = Comparator.comparing((Candidate c) -> c.run().startTime(), Comparator.reverseOrder())
                .thenComparing(c -> c.run().runId());
        List<String> orderBy = request.orderBy() == null ? List.of() : request.orderBy();
        for (int i = orderBy.size() - 1; i >= 0; i--) {
            order = orderBy(SearchFilter.orderBy(orderBy.get(i))).thenComparing(order);
        }
        List<Long> ids = (request.experimentIds() == null ? List.<String>of() : request.experimentIds()).stream()
                .map(id -> experiments.find(id).id()).toList();
        if (ids.isEmpty()) {
            return new RunsPage(List.of(), null);
        }
        Map<String, List<Metric>> latest = metrics.latestInExperiments(ids);
        Map<String, List<KeyValue>> params = runs.paramsInExperiments(ids);
        Map<String, List<KeyValue>> tags = runs.tagsInExperiments(ids);
        List<Candidate> matching = runs.inExperiments(ids).stream()
                .filter(r -> ViewType.includes(view, r.lifecycleStage()))
                .map(r -> new Candidate(r, latest.getOrDefault(r.runId(), List.of()), params.getOrDefault(r.runId(), List.of()),
                        tags.getOrDefault(r.runId(), List.of())))
                .filter(c -> filter.stream().allMatch(clause -> matches(clause, c)))
                .sorted(order)
                .toList();
        int offset = PageToken.decode(request.pageToken());
        List<Run> page = matching.stream().skip(offset).limit(max)
                .map(c -> new Run(MlflowViews.info(c.run()), new RunData(c.metrics(), c.params(), c.tags()))).toList();
        return new RunsPage(page, PageToken.next(offset, max, matching.size()));
    }

    private static boolean matches(SearchFilter.Clause clause, Candidate c) {
        return switch (clause.entity()) {
            case METRIC -> clause.matches(c.metric(clause.key()));
            case PARAM -> clause.matches(Candidate.value(c.params(), clause.key()));
            case TAG -> clause.matches(Candidate.value(c.tags(), clause.key()));
            case ATTRIBUTE -> switch (clause.key()) {
                case "start_time" -> clause.matches((double) c.run().startTime());
                case "end_time" -> clause.matches(c.run().endTime() == null ? null : (double) c.run().endTime());
                default -> clause.matches(attribute(clause.key()).apply(c.run()));
            };
        };
    }

    private static Function<MlflowRunStore.Row, String> attribute(String key) {
        return switch (key) {
            case "run_id", "run_uuid" -> MlflowRunStore.Row::runId;
            case "run_name" -> MlflowRunStore.Row::runName;
            case "status" -> MlflowRunStore.Row::status;
            case "user_id" -> MlflowRunStore.Row::userId;
            case "artifact_uri" -> MlflowRunStore.Row::artifactUri;
            case "lifecycle_stage" -> MlflowRunStore.Row::lifecycleStage;
            default -> throw MlflowException.invalid("Invalid attribute key '" + key + "': expected run_id, run_name, status,"
                    + " user_id, artifact_uri, lifecycle_stage, start_time or end_time");
        };
    }

    /** One order_by entry; runs without the value come last whichever the direction, as in MLflow. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Candidate> orderBy(SearchFilter.OrderBy o) {
        Function<Candidate, Comparable> key = switch (o.entity()) {
            case METRIC -> c -> c.metric(o.key());
            case PARAM -> c -> Candidate.value(c.params(), o.key());
            case TAG -> c -> Candidate.value(c.tags(), o.key());
            case ATTRIBUTE -> switch (o.key()) {
                case "start_time" -> c -> c.run().startTime();
                case "end_time" -> c -> c.run().endTime();
                default -> {
                    Function<MlflowRunStore.Row, String> attribute = attribute(o.key());
                    yield c -> attribute.apply(c.run());
                }
            };
        };
        Comparator<Comparable> direction = o.ascending() ? Comparator.naturalOrder() : Comparator.reverseOrder();
        return Comparator.comparing(key, Comparator.nullsLast(direction));
    }
}
