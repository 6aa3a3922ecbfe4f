package dev.foldhub.experiment;

import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.prediction.Level1FileName;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.prediction.OofSummary;
import dev.foldhub.training.Level2Ref;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Resolves a level-2 stacker's data.inputs to its member experiments and checks that they can be stacked: each exists,
 * none twice, all on the stacker's data set and fold assignment, each with OOF predictions of every fold. A list of
 * level1 file names names the imported experiment of their model (ExperimentImport records it in its config). Every
 * refusal is a 422 naming data.inputs.
 */
@Component
class Level2Members {

    static final String FIELD = "data.inputs";

    private final ExperimentRepository experiments;
    private final OofStore oofs;

    Level2Members(ExperimentRepository experiments, OofStore oofs) {
        this.experiments = experiments;
        this.oofs = oofs;
    }

    /** The members in data.inputs order, checked against the stacker's data set and fold assignment. */
    List<Experiment> resolve(List<Level2Ref> refs, long datasetId, FoldAssignment assignment) {
        List<Experiment> members = new ArrayList<>();
        Set<Long> seen = new LinkedHashSet<>();
        for (Level2Ref ref : refs) {
            Experiment member = find(ref);
            if (!seen.add(member.getId())) {
                throw refused("member " + ref.describe() + " is experiment " + member.getId() + ", listed twice");
            }
            String what = "member " + ref.describe() + " (experiment " + member.getId() + ", '" + member.getName() + "')";
            if (member.getDatasetId() != datasetId || member.getFoldAssignmentId() != assignment.id()) {
                throw refused(what + " is on data set " + member.getDatasetId() + " fold assignment "
                        + member.getFoldAssignmentId() + "; the stacker's is data set " + datasetId
                        + " fold assignment " + assignment.id() + ": members must share both");
            }
            Set<Integer> missing = new TreeSet<>();
            for (int f = 0; f < assignment.numFolds(); f++) {
                missing.add(f);
            }
            oofs.summaries(member.getId()).stream().map(OofSummary::fold).forEach(missing::remove);
            if (!missing.isEmpty()) {
                throw refused(what + " has no OOF predictions of folds " + missing + ": every fold must be finished");
            }
            members.add(member);
        }
        return members;
    }

    /** The experiment one member names; 422 naming data.inputs when none (or several) match. */
    Experiment resolveOne(Level2Ref ref) {
        return find(ref);
    }

    private Experiment find(Level2Ref ref) {
        if (ref.id() != null) {
            return experiments.findById(ref.id())
                    .orElseThrow(() -> refused("member " + ref.describe() + " is not an experiment"));
        }
        if (ref.name() != null) {
            List<Experiment> named = experiments.findByNameOrderByIdDesc(ref.name());
            if (named.size() != 1) {
                throw refused("member " + ref.describe() + (named.isEmpty() ? " names no experiment"
                        : " names " + named.size() + " experiments; give its id"));
            }
            return named.get(0);
        }
        Set<String> models = new LinkedHashSet<>();
        for (String file : ref.files()) {
            models.add(Level1FileName.parse(file).filter(Level1FileName::train).map(Level1FileName::model)
                    .orElseThrow(() -> refused(file + " is not a level1_train_<model>_f<k>_e<NN>_<score>.npy name")));
        }
        if (models.size() != 1) {
            throw refused("member " + ref.describe() + " lists files of several models " + models + "; one list a model");
        }
        String model = models.iterator().next();
        List<Experiment> imported = experiments.findBySourceAndConfigStartingWith(Experiment.IMPORTED,
                ExperimentImport.IMPORTED_FROM + model + "\n");
        if (imported.size() != 1) {
            throw refused("member " + ref.describe() + (imported.isEmpty()
                    ? " names model " + model + ", which no imported experiment was made from: import its level1 files first"
                    : " names model " + model + ", imported " + imported.size() + " times; give the experiment's id"));
        }
        return imported.get(0);
    }

    private static InvalidInputException refused(String message) {
        return InvalidInputException.unprocessable(FIELD, message);
    }
}
