package dev.foldhub.ensemble;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.prediction.OofSummary;
import dev.foldhub.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/**
 * The one rule for which folds a blend uses: those every member has stored OOF predictions for (the
 * intersection), fixed when the ensemble is created. Ensembles made before V18 have no stored list and use
 * every fold of their assignment.
 */
@Component
class EnsembleFolds {

    /** The folds a blend uses, the OOF rows they hold, and whether they are fewer than the assignment's. */
    record Used(List<Integer> folds, int rows, boolean partial) {
    }

    private final DatasetService datasets;
    private final OofStore oofStore;

    EnsembleFolds(DatasetService datasets, OofStore oofStore) {
        this.datasets = datasets;
        this.oofStore = oofStore;
    }

    /** The folds with stored OOF of one experiment, ascending. */
    List<Integer> stored(long experimentId) {
        return oofStore.summaries(experimentId).stream().map(OofSummary::fold).distinct().sorted().toList();
    }

    /** The folds every member has stored; 422 naming experiments (and each member's folds) when there is none. */
    Used common(List<ExperimentView> members) {
        TreeSet<Integer> common = null;
        List<String> each = new ArrayList<>();
        for (ExperimentView member : members) {
            List<Integer> folds = stored(member.id());
            each.add("experiment " + member.id() + " has " + (folds.isEmpty() ? "none" : "folds " + folds));
            if (common == null) {
                common = new TreeSet<>(folds);
            } else {
                common.retainAll(folds);
            }
        }
        if (common == null || common.isEmpty()) {
            throw InvalidInputException.unprocessable("experiments", "the experiments share no"
                    + " fold with stored OOF predictions (" + String.join("; ", each) + "); a blend needs at least one"
                    + " common fold");
        }
        return used(members.get(0).foldAssignmentId(), List.copyOf(common));
    }

    /** The rows and partial flag of the given folds of an assignment. */
    Used used(long foldAssignmentId, List<Integer> folds) {
        FoldAssignment assignment = datasets.folds(foldAssignmentId);
        int rows = 0;
        for (int fold : folds) {
            rows += assignment.rowsOf(fold).length;
        }
        return new Used(folds, rows, folds.size() < assignment.numFolds());
    }

    /** What an ensemble uses: its stored fold list, or (made before V18) every fold of its assignment. */
    Used of(Ensemble e) {
        List<Integer> folds = parse(e.getFolds());
        if (folds != null) {
            return new Used(folds, e.getNumRows() == null ? 0 : e.getNumRows(), e.isPartial());
        }
        FoldAssignment assignment = datasets.folds(e.getFoldAssignmentId());
        return new Used(IntStream.range(0, assignment.numFolds()).boxed().toList(), assignment.validatedRows(), false);
    }

    static String format(List<Integer> folds) {
        return folds.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    static List<Integer> parse(String folds) {
        if (folds == null) {
            return null;
        }
        return folds.isBlank() ? List.of() : Arrays.stream(folds.split(",")).map(Integer::valueOf).toList();
    }
}
