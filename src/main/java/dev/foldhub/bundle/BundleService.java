package dev.foldhub.bundle;

import dev.foldhub.StorageProperties;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.DatasetTable;
import dev.foldhub.ensemble.EnsembleBlend;
import dev.foldhub.ensemble.EnsembleFiles;
import dev.foldhub.ensemble.EnsembleService;
import dev.foldhub.ensemble.PostprocessJson;
import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.experiment.ExperimentModel;
import dev.foldhub.experiment.ExperimentModels;
import dev.foldhub.experiment.FoldModel;
import dev.foldhub.submission.InferenceEstimate;
import dev.foldhub.submission.InferenceEstimates;
import dev.foldhub.training.TtaCombine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a Kaggle bundle of an ensemble holds, checked before a byte is streamed: the weighted members' configs and fold
 * checkpoints (422 naming each member or fold without one), the blend and thresholds of the server's submission with the
 * same ttas/combine/thresholds, labels.csv's columns and the expected run time.
 */
@Service
class BundleService {

    private static final Set<String> THRESHOLDS = Set.of("fold", "tuned", "groups", "postprocess");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");

    /** The bundle's contents: the manifest, its files by name in the zip, and the reference's YAML files. */
    record Plan(BundleManifest manifest, Map<String, Path> checkpoints, Map<String, String> configs, String ensembleYml,
                String postprocessYml) {
    }

    private final EnsembleService ensembles;
    private final EnsembleFiles files;
    private final ExperimentModels models;
    private final DatasetService datasets;
    private final InferenceEstimates estimates;
    private final StorageProperties storage;

    BundleService(EnsembleService ensembles, EnsembleFiles files, ExperimentModels models, DatasetService datasets,
                  InferenceEstimates estimates, StorageProperties storage) {
        this.ensembles = ensembles;
        this.files = files;
        this.models = models;
        this.datasets = datasets;
        this.estimates = estimates;
        this.storage = storage;
    }

    /**
     * ttas null: each member's test.num_ttas; combine null: mean; thresholds null: "postprocess" when the ensemble has
     * a chosen rule, else "fold" (as a submission); competition and dataset the Kaggle slugs the notebook names.
     */
    @Transactional(readOnly = true)
    Plan plan(long ensembleId, Integer ttas, String combine, String thresholds, String competition, String dataset) {
        EnsembleBlend ensemble = ensembles.blend(ensembleId);
        if (ttas != null && ttas < 1) {
            throw new InvalidInputException("ttas", "must be at least 1 (views per image, every second one mirrored), got "
                    + ttas);
        }
        String tta = combine == null ? "mean" : combine.trim().toLowerCase(Locale.ROOT);
        if (TtaCombine.fromName(tta) == null) {
            throw new InvalidInputException("combine", "must be one of " + String.join(", ", TtaCombine.NAMES)
                    + ", got '" + combine + "'");
        }
        String mode = thresholds == null ? (ensemble.postprocess() != null ? "postprocess" : "fold")
                : thresholds.trim().toLowerCase(Locale.ROOT);
        if (!THRESHOLDS.contains(mode)) {
            throw new InvalidInputException("thresholds", "must be fold, tuned, groups or postprocess, got '"
                    + thresholds + "'");
        }
        String kaggleCompetition = slug("competition", competition, "imet-2019-fgvc6");
        String kaggleDataset = slug("dataset", dataset, "foldhub-bundle-" + ensembleId);
        if (!ensemble.weighted()) {
            throw new ConflictException("ensemble " + ensembleId + " has no weights yet: wait for its blend search");
        }
        if ((mode.equals("tuned") && ensemble.tunedThreshold() == null) || (mode.equals("groups")
                && (ensemble.cultureThreshold() == null || ensemble.tagThreshold() == null))
                || (mode.equals("postprocess") && ensemble.postprocess() == null)) {
            throw InvalidInputException.unprocessable("thresholds", "ensemble " + ensembleId + " has no "
                    + switch (mode) {
                        case "tuned" -> "tuned threshold";
                        case "groups" -> "tuned group thresholds";
                        default -> "post-processing rule";
                    });
        }
        List<BundleManifest.Member> members = new ArrayList<>();
        Map<String, Path> checkpoints = new LinkedHashMap<>();
        Map<String, String> configs = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (EnsembleBlend.Member member : ensemble.members()) {
            if (member.weight() == 0) {
                continue; // why: as a submission, a zero-weight model changes nothing and is not predicted
            }
            ExperimentModel m = models.of(member.experimentId());
            String who = "experiment " + m.id() + " (" + m.name() + ")";
            if (m.imported()) {
                missing.add(who + " is imported or external: it has predictions but no checkpoints");
                continue;
            }
            String dir = "members/" + m.id() + "/";
            List<BundleManifest.Fold> folds = new ArrayList<>();
            for (int fold : ensemble.folds()) {
                Optional<FoldModel> f = m.folds().stream().filter(x -> x.fold() == fold && x.checkpoint() != null
                        && Files.isRegularFile(storage.artifactsDir().resolve(x.checkpoint()))).findFirst();
                if (f.isEmpty()) {
                    missing.add(who + " fold " + fold + " has no checkpoint");
                    continue;
                }
                String name = dir + "fold_" + fold + ".params";
                checkpoints.put(name, storage.artifactsDir().resolve(f.get().checkpoint()));
                folds.add(new BundleManifest.Fold(fold, f.get().threshold(), name));
            }
            configs.put(dir + "config.yml", models.configYaml(m.id()));
            members.add(new BundleManifest.Member(m.id(), m.name(), member.weight(), dir + "config.yml",
                    ttas != null ? ttas : m.config().numTtas(), folds));
        }
        if (!missing.isEmpty()) {
            throw InvalidInputException.unprocessable("ensemble", "a bundle needs every weighted member's fold"
                    + " checkpoints: " + String.join("; ", missing));
        }
        if (members.isEmpty()) {
            throw InvalidInputException.unprocessable("ensemble", "every member has weight 0");
        }
        DatasetTable table = datasets.table(ensemble.datasetId());
        BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT, ensemble.id(), ensemble.name(),
                kaggleCompetition, kaggleDataset, tta, mode,
                mode.equals("postprocess") ? PostprocessJson.write(ensemble.postprocess()) : null,
                ensemble.tunedThreshold(), ensemble.cultureThreshold(), ensemble.tagThreshold(), table.attributeIds(),
                table.attributeNames(), members, expected(ensembleId, ttas), null, null);
        return new Plan(manifest, checkpoints, configs, files.export(ensembleId).content(),
                ensemble.postprocess() == null ? null : files.exportPostprocess(ensembleId).content());
    }

    /** The measured speeds of the members' fold models, for the data set's test images and per 1000. */
    private BundleManifest.Expected expected(long ensembleId, Integer ttas) {
        InferenceEstimate e = estimates.estimate(ensembleId, null, ttas);
        Double per1000 = e.estimatedSeconds() == null ? null : e.estimatedSeconds() * 1000.0 / e.images();
        return new BundleManifest.Expected(e.images(), e.estimatedSeconds(), per1000, e.unmeasured());
    }

    private static String slug(String field, String value, String otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        if (!SLUG.matcher(value).matches()) {
            throw new InvalidInputException(field, "must be a Kaggle slug (lower-case letters, digits and '-'), got '"
                    + value + "'");
        }
        return value;
    }
}
