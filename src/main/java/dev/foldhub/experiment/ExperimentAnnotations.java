package dev.foldhub.experiment;

import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.errors.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An experiment's tags and note (see {@link TagsAndNote} for what they may be): set, changed, and the tags in use. */
@Service
public class ExperimentAnnotations {

    private static final Set<String> FIELDS = Set.of("tags", "note");

    private final ExperimentRepository experiments;
    private final ExperimentTags tags;
    private final ExperimentViews views;

    ExperimentAnnotations(ExperimentRepository experiments, ExperimentTags tags, ExperimentViews views) {
        this.experiments = experiments;
        this.tags = tags;
        this.views = views;
    }

    /**
     * Changes the fields the body has ({@code tags}: a list, null or [] for none; {@code note}: a string, null or
     * blank for none) and leaves the others; an unknown field is a 400 naming it. All checked before anything changes.
     */
    @Transactional
    public ExperimentView patch(long id, Map<String, Object> body) {
        if (body == null || body.isEmpty()) {
            throw new InvalidInputException("tags", "the body must have tags, note or both");
        }
        for (String field : body.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidInputException(field, "is not a field that can be changed (tags, note)");
            }
        }
        List<String> newTags = body.containsKey("tags")
                ? (body.get("tags") == null ? List.of() : TagsAndNote.tags(body.get("tags"))) : null;
        String newNote = body.containsKey("note") ? TagsAndNote.note(body.get("note")) : null;
        Experiment experiment = lock(id);
        if (newTags != null) {
            tags.replace(id, newTags);
        }
        if (body.containsKey("note")) {
            experiment.setNote(newNote);
        }
        return views.of(experiments.saveAndFlush(experiment));
    }

    /** Replaces the tags with {@code raw} (required: a list, [] for none). */
    @Transactional
    public ExperimentView setTags(long id, Object raw) {
        if (raw == null) {
            throw new InvalidInputException("tags", "is required: a list of tags, [] for none");
        }
        List<String> checked = TagsAndNote.tags(raw);
        lock(id);
        tags.replace(id, checked);
        return views.of(experiments.findById(id).orElseThrow());
    }

    /** Replaces the note (null or blank: none). */
    @Transactional
    public ExperimentView setNote(long id, Object raw) {
        String note = TagsAndNote.note(raw);
        Experiment experiment = lock(id);
        experiment.setNote(note);
        return views.of(experiments.saveAndFlush(experiment));
    }

    /** Every tag some experiment has, sorted: the dashboard's tag filter offers them. */
    @Transactional(readOnly = true)
    public List<String> tagsInUse() {
        return tags.distinct();
    }

    private Experiment lock(long id) {
        return experiments.findWithLockById(id).orElseThrow(() -> new NotFoundException("experiment", id));
    }
}
