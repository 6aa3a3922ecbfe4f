package dev.foldhub.errorbrowser;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.DatasetTable;
import dev.foldhub.dataset.DatasetVersion;
import dev.foldhub.dataset.LabelChanges;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.scoring.oof.LabelErrors;
import dev.foldhub.scoring.oof.OofErrorSettings;
import dev.foldhub.scoring.oof.RowErrors;
import dev.foldhub.scoring.oof.SuspectLabel;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The OOF error browser of an experiment or an ensemble's blend: per-label errors, the worst images, the labels train.csv likely gets
 * wrong, and a cleaned train.csv registered as a new data set version.
 */
@Service
public class OofErrorService {

    /** The most rows a page of images or suspects may ask for. */
    public static final int MAX_LIMIT = 1000;

    private static final Map<String, Comparator<LabelErrorRow>> SORTS = Map.of(
            "f2Contribution", Comparator.comparingDouble(LabelErrorRow::f2Contribution),
            "support", Comparator.comparingInt(LabelErrorRow::support),
            "precision", Comparator.comparingDouble(LabelErrorRow::precision),
            "recall", Comparator.comparingDouble(LabelErrorRow::recall));

    private final OofErrorLoader loader;
    private final DatasetService datasets;

    OofErrorService(OofErrorLoader loader, DatasetService datasets) {
        this.loader = loader;
        this.datasets = datasets;
    }

    /** Labels sorted by {@code sort} (f2Contribution, support, precision, recall) in {@code dir} (asc, desc). */
    public LabelErrorPage labels(OofTarget target, String sort, String dir, int limit, int offset) {
        String by = sort == null || sort.isBlank() ? "f2Contribution" : sort.strip();
        Comparator<LabelErrorRow> order = SORTS.get(by);
        if (order == null) {
            throw new InvalidInputException("sort", "must be one of f2Contribution, support, precision, recall; got '"
                    + sort + "'");
        }
        String direction = dir == null || dir.isBlank() ? "desc" : dir.strip().toLowerCase(java.util.Locale.ROOT);
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw new InvalidInputException("dir", "must be asc or desc; got '" + dir + "'");
        }
        checkLimit(limit, "limit", 100_000);
        if (offset < 0) {
            throw new InvalidInputException("offset", "must not be negative");
        }
        OofErrorAnalysis analysis = loader.load(loader.subject(target), new OofErrorSettings(0, 0, 1, 1, 0));
        DatasetTable table = analysis.table();
        Comparator<LabelErrorRow> sorted = direction.equals("asc") ? order : order.reversed();
        List<LabelErrorRow> all = analysis.errors().labels().stream()
                .map(l -> row(table, l))
                .sorted(sorted.thenComparing(LabelErrorRow::attributeId))
                .toList();
        List<LabelErrorRow> page = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
        return new LabelErrorPage(target.kind(), target.id(), analysis.errors().rows(), analysis.errors().meanF2(), by, direction,
                offset, limit, all.size(), page);
    }

    /** The {@code limit} images of lowest OOF F2, each with the disputed labels' probabilities. */
    public ImageErrorPage images(OofTarget target, int limit) {
        checkLimit(limit, "limit", MAX_LIMIT);
        OofErrorAnalysis analysis = loader.load(loader.subject(target), new OofErrorSettings(limit, 0, 1, 1, 0));
        DatasetTable table = analysis.table();
        List<ImageErrorView> images = analysis.errors().worstRows().stream().map(r -> image(analysis, r)).toList();
        return new ImageErrorPage(target.kind(), target.id(), analysis.datasetId(), analysis.errors().rows(),
                analysis.errors().meanF2(), images);
    }

    /**
     * Likely missing labels (p at least minConfidence for at least minModels models) and likely wrong ones (every
     * model's p below its fold threshold minus margin), at most {@code limit} of each.
     */
    public SuspectPage suspects(OofTarget target, Integer minModels, Double minConfidence, Double margin, int limit) {
        checkLimit(limit, "limit", MAX_LIMIT);
        OofSubject subject = loader.subject(target);
        int members = subject.members().size();
        int models = minModels == null ? (members + 1) / 2 : minModels; // default: most of the models
        if (models < 1 || models > members) {
            throw new InvalidInputException("minModels", "must be in 1.." + members + " (the " + target.kind()
                    + "'s models), got " + models);
        }
        double confidence = minConfidence == null ? 0.9 : minConfidence;
        if (!(confidence > 0 && confidence <= 1)) {
            throw new InvalidInputException("minConfidence", "must be in (0, 1], got " + minConfidence);
        }
        double by = margin == null ? 0.05 : margin;
        if (!(by >= 0 && by < 1)) {
            throw new InvalidInputException("margin", "must be in [0, 1), got " + margin);
        }
        OofErrorAnalysis analysis = loader.load(subject, new OofErrorSettings(0, limit, confidence, models, by));
        List<SuspectView> missing = analysis.errors().likelyMissing().stream().map(s -> suspect(analysis, s)).toList();
        List<SuspectView> wrong = analysis.errors().likelyWrong().stream().map(s -> suspect(analysis, s)).toList();
        return new SuspectPage(target.kind(), target.id(), analysis.datasetId(), confidence, models, by, missing, wrong);
    }

    /** Registers the target's data set with the given changes to train.csv as a new version of it. */
    public DatasetVersion clean(OofTarget target, String name, LabelChanges changes) {
        return datasets.registerCleanedVersion(loader.subject(target).datasetId(), name, changes);
    }

    private static void checkLimit(int limit, String field, int max) {
        if (limit < 1 || limit > max) {
            throw new InvalidInputException(field, "must be in 1.." + max + ", got " + limit);
        }
    }

    private static LabelErrorRow row(DatasetTable table, LabelErrors l) {
        return new LabelErrorRow(table.attributeIds().get(l.label()), table.attributeNames().get(l.label()),
                l.support(), l.predicted(), l.tp(), l.precision(), l.recall(), l.f2Contribution());
    }

    private static ImageErrorView image(OofErrorAnalysis analysis, RowErrors r) {
        DatasetTable table = analysis.table();
        String imageId = table.trainIds().get(r.row());
        return new ImageErrorView(r.row(), imageId, r.rowF2(), attributeIds(table, r.truth()),
                attributeIds(table, r.predicted()),
                r.disputed().stream().map(d -> new DisputedLabelView(table.attributeIds().get(d.label()),
                        table.attributeNames().get(d.label()), d.truth(), byModel(analysis, d.probabilities()))).toList(),
                "/api/datasets/" + analysis.datasetId() + "/images/" + imageId + "/thumbnail");
    }

    private static SuspectView suspect(OofErrorAnalysis analysis, SuspectLabel s) {
        DatasetTable table = analysis.table();
        return new SuspectView(s.row(), table.trainIds().get(s.row()), table.attributeIds().get(s.label()),
                table.attributeNames().get(s.label()), s.agreeing(), analysis.subject().names().size(), s.confidence(),
                byModel(analysis, s.probabilities()));
    }

    private static List<String> attributeIds(DatasetTable table, int[] labels) {
        return Arrays.stream(labels).mapToObj(table.attributeIds()::get).toList();
    }

    private static Map<String, Float> byModel(OofErrorAnalysis analysis, float[] probabilities) {
        Map<String, Float> out = new LinkedHashMap<>();
        for (int m = 0; m < probabilities.length; m++) {
            out.put(analysis.subject().names().get(m), probabilities[m]);
        }
        return out;
    }
}
