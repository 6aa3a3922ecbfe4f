package dev.foldhub.mlflow;

import dev.foldhub.mlflow.MlflowMessages.Experiment;
import dev.foldhub.mlflow.MlflowMessages.ExperimentsPage;
import dev.foldhub.mlflow.MlflowMessages.KeyValue;
import dev.foldhub.mlflow.MlflowMessages.SearchExperiments;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** MLflow experiments: create, get (by id or name), search, rename, delete and restore, tags. */
@Service
class MlflowExperiments {

    static final int MAX_NAME = 500;
    private static final int MAX_SEARCH_RESULTS = 50_000;

    private final MlflowExperimentStore store;
    private final Clock clock;

    MlflowExperiments(MlflowExperimentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Transactional
    String create(String name, String artifactLocation, List<KeyValue> tags) {
        String checked = checkName(name);
        if (store.findByName(checked).isPresent()) {
            throw MlflowException.alreadyExists("Experiment '" + checked + "' already exists.");
        }
        long id = store.create(checked, artifactLocation, clock.millis());
        for (KeyValue tag : tags == null ? List.<KeyValue>of() : tags) {
            store.setTag(id, MlflowLimits.tagKey(tag.key()), MlflowLimits.experimentTagValue(tag.value()));
        }
        return String.valueOf(id);
    }

    @Transactional(readOnly = true)
    Experiment get(String experimentId) {
        return MlflowViews.experiment(find(experimentId), store.tags().getOrDefault(id(experimentId), List.of()));
    }

    @Transactional(readOnly = true)
    Experiment getByName(String name) {
        if (name == null || name.isEmpty()) {
            throw MlflowException.invalid("Missing value for required parameter 'experiment_name'.");
        }
        MlflowExperimentStore.Row e = store.findByName(name)
                .orElseThrow(() -> MlflowException.notFound("Could not find experiment with name '" + name + "'"));
        return MlflowViews.experiment(e, store.tags().getOrDefault(e.id(), List.of()));
    }

    /** Filter on attributes name / creation_time / last_update_time and tags; order by those; paged. */
    @Transactional(readOnly = true)
    ExperimentsPage search(SearchExperiments request) {
        int max = request.maxResults() == null ? 1000 : request.maxResults().intValue();
        if (max < 1 || max > MAX_SEARCH_RESULTS) {
            throw MlflowException.invalid("Invalid value " + request.maxResults() + " for parameter 'max_results':"
                    + " it must be between 1 and " + MAX_SEARCH_RESULTS);
        }
        List<SearchFilter.Clause> filter = SearchFilter.parse(request.filter());
        String view = ViewType.of(request.viewType());
        Map<Long, List<KeyValue>> tags = store.tags();
        Comparator<MlflowExperimentStore.Row> order = null;
        for (String entry : request.orderBy() == null ? List.<String>of() : request.orderBy()) {
            order = order == null ? orderBy(SearchFilter.orderBy(entry)) : order.thenComparing(orderBy(SearchFilter.orderBy(entry)));
        }
        Comparator<MlflowExperimentStore.Row> byDefault = Comparator.comparingLong(MlflowExperimentStore.Row::creationTime)
                .reversed().thenComparingLong(MlflowExperimentStore.Row::id);
        List<MlflowExperimentStore.Row> matching = store.all().stream()
                .filter(e -> ViewType.includes(view, e.lifecycleStage()))
                .filter(e -> filter.stream().allMatch(c -> matches(c, e, tags.getOrDefault(e.id(), List.of()))))
                .sorted(order == null ? byDefault : order.thenComparing(byDefault))
                .toList();
        int offset = PageToken.decode(request.pageToken());
        List<Experiment> page = matching.stream().skip(offset).limit(max)
                .map(e -> MlflowViews.experiment(e, tags.getOrDefault(e.id(), List.of()))).toList();
        return new ExperimentsPage(page, PageToken.next(offset, max, matching.size()));
    }

    @Transactional
    void setStage(String experimentId, String stage) {
        MlflowExperimentStore.Row e = find(experimentId);
        if (e.id() == 0 && "deleted".equals(stage)) {
            throw MlflowException.invalid("Cannot delete the default experiment '0'.");
        }
        store.setStage(e.id(), stage, clock.millis());
    }

    @Transactional
    void rename(String experimentId, String newName) {
        MlflowExperimentStore.Row e = find(experimentId);
        String checked = checkName(newName);
        if (store.findByName(checked).filter(other -> other.id() != e.id()).isPresent()) {
            throw MlflowException.alreadyExists("Experiment '" + checked + "' already exists.");
        }
        store.rename(e.id(), checked, clock.millis());
    }

    @Transactional
    void setTag(String experimentId, String key, String value) {
        MlflowExperimentStore.Row e = find(experimentId);
        store.setTag(e.id(), MlflowLimits.tagKey(key), MlflowLimits.experimentTagValue(value));
    }

    /** The experiment, or RESOURCE_DOES_NOT_EXIST. */
    MlflowExperimentStore.Row find(String experimentId) {
        return store.find(id(experimentId))
                .orElseThrow(() -> MlflowException.notFound("No Experiment with id=" + experimentId + " exists"));
    }

    private static long id(String experimentId) {
        if (experimentId == null || !experimentId.strip().matches("\\d{1,18}")) {
            throw MlflowException.invalid("Invalid value '" + experimentId + "' for parameter 'experiment_id':"
                    + " an experiment id is a non-negative integer");
        }
        return Long.parseLong(experimentId.strip());
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw MlflowException.invalid("Invalid experiment name: '" + name + "'. Expects a non-empty string.");
        }
        if (name.length() > MAX_NAME) {
            throw MlflowException.invalid("Experiment name exceeds the maximum length of " + MAX_NAME);
        }
        return name;
    }

    private static boolean matches(SearchFilter.Clause c, MlflowExperimentStore.Row e, List<KeyValue> tags) {
        return switch (c.entity()) {
            case TAG -> c.matches(tags.stream().filter(t -> t.key().equals(c.key())).map(KeyValue::value)
                    .findFirst().orElse(null));
            case ATTRIBUTE -> switch (c.key()) {
                case "name" -> c.matches(e.name());
                case "creation_time" -> c.matches((double) e.creationTime());
                case "last_update_time" -> c.matches((double) e.lastUpdateTime());
                default -> throw MlflowException.invalid("Invalid attribute key '" + c.key() + "' for experiments:"
                        + " expected name, creation_time or last_update_time");
            };
            default -> throw MlflowException.invalid("Experiments are searched by attributes and tags, not "
                    + c.entity().name().toLowerCase() + "s");
        };
    }

    private static Comparator<MlflowExperimentStore.Row> orderBy(SearchFilter.OrderBy o) {
        Comparator<MlflowExperimentStore.Row> c = switch (o.entity() == SearchFilter.Entity.ATTRIBUTE ? o.key() : "") {
            case "name" -> Comparator.comparing(MlflowExperimentStore.Row::name);
            case "experiment_id" -> Comparator.comparingLong(MlflowExperimentStore.Row::id);
            case "creation_time" -> Comparator.comparingLong(MlflowExperimentStore.Row::creationTime);
            case "last_update_time" -> Comparator.comparingLong(MlflowExperimentStore.Row::lastUpdateTime);
            default -> throw MlflowException.invalid("Invalid order_by key '" + o.key() + "' for experiments:"
                    + " expected name, experiment_id, creation_time or last_update_time");
        };
        return o.ascending() ? c : c.reversed();
    }
}
