package dev.foldhub.ensemble;

import dev.foldhub.dataset.DatasetInfo;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.web.RequestLimits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/** Diversity of experiments: pairwise Pearson correlation of their OOF predictions (probabilities minus threshold). */
@Service
public class OofCorrelation {

    /** The matrix, rows and columns in the order of {@code experiments}; null where a model's predictions are constant. */
    public record Matrix(List<Long> experiments, List<String> names, Double[][] correlation) {
    }

    /** A matrix over the experiments that have OOF, and those left out with the reason. */
    public record Partial(Matrix matrix, List<LeftOut> leftOut, String problem) {
    }

    /** An experiment left out of a matrix, and why. */
    public record LeftOut(long experiment, String name, String reason) {
    }

    /** At most this many experiments in one comparison: each costs a pass over its whole OOF per request. */
    static final int MAX_MEMBERS = 16;
    /** Matrices kept, least recently used dropped. */
    private static final int CACHED = 64;

    private final EnsembleService ensembles;
    private final DatasetService datasets;
    private final OofStore oofStore;
    /** keyed by the members' ids and their stored OOF's versions (OofStore#versions): a replaced fold is a new key */
    private final Map<List<List<Long>>, Matrix> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<List<List<Long>>, Matrix> eldest) {
                    return size() > CACHED;
                }
            });

    public OofCorrelation(EnsembleService ensembles, DatasetService datasets, OofStore oofStore) {
        this.ensembles = ensembles;
        this.datasets = datasets;
        this.oofStore = oofStore;
    }

    public Matrix compare(List<Object> experimentIds) {
        if (experimentIds == null || experimentIds.isEmpty()) {
            throw new InvalidInputException("experiments", "must list at least one experiment id");
        }
        long first;
        try {
            first = Long.parseLong(String.valueOf(experimentIds.get(0)).trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("experiments", "'" + experimentIds.get(0) + "' is not an experiment id");
        }
        long distinct = experimentIds.stream().map(id -> String.valueOf(id).trim()).distinct().count();
        RequestLimits.atMost("experiments", (int) distinct, MAX_MEMBERS, "experiments per comparison: " + MAX_MEMBERS);
        DatasetInfo dataset = datasets.get(ensembles.experimentDataset(first));
        List<ExperimentView> members = ensembles.members(dataset, experimentIds);
        List<List<Long>> key = members.stream().map(e -> Stream.concat(Stream.of(e.id()),
                oofStore.versions(e.id()).stream()).toList()).toList();
        Matrix cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Matrix computed = correlate(members);
        cache.put(key, computed);
        return computed;
    }

    /**
     * The matrix of those of {@code experiments} that have stored OOF predictions and the same data set and fold
     * assignment as the first such: one experiment still training, imported without OOF, or on other folds is left
     * out (and listed) rather than taking the matrix away. Null matrix with a problem when fewer than two remain or
     * they share no fold.
     */
    public Partial compareWithOof(List<ExperimentView> experiments) {
        List<ExperimentView> with = new ArrayList<>();
        List<LeftOut> leftOut = new ArrayList<>();
        for (ExperimentView e : experiments) {
            if (oofStore.summaries(e.id()).isEmpty()) {
                leftOut.add(new LeftOut(e.id(), e.name(), "no stored OOF predictions yet"));
            } else if (!with.isEmpty() && (e.datasetId() != with.get(0).datasetId()
                    || e.foldAssignmentId() != with.get(0).foldAssignmentId())) {
                leftOut.add(new LeftOut(e.id(), e.name(), "trained on other folds than " + with.get(0).name()));
            } else {
                with.add(e);
            }
        }
        if (with.size() < 2) {
            return new Partial(null, leftOut, "fewer than two of the experiments have OOF predictions to correlate");
        }
        try {
            return new Partial(compare(with.stream().map(e -> (Object) e.id()).toList()), leftOut, null);
        } catch (InvalidInputException e) {
            return new Partial(null, leftOut, e.getMessage());
        }
    }

    /** Pearson r of each pair over every OOF value of the folds all have, one fold of every member in memory at a time. */
    private Matrix correlate(List<ExperimentView> members) {
        int m = members.size();
        // per pair: n, sums of x, y, xy, x^2, y^2 -> r = (n Sxy - Sx Sy) / sqrt((n Sxx - Sx^2)(n Syy - Sy^2))
        double[] sum = new double[m];
        double[] sumSq = new double[m];
        double[][] cross = new double[m][m];
        long n = 0;
        for (int fold : ensembles.commonFolds(members).folds()) {
            float[][] values = new float[m][];
            for (int i = 0; i < m; i++) {
                values[i] = oofStore.find(members.get(i).id(), fold).orElseThrow().centered();
            }
            n += values[0].length;
            for (int i = 0; i < m; i++) {
                float[] x = values[i];
                double s = 0;
                double ss = 0;
                for (float v : x) {
                    s += v;
                    ss += (double) v * v;
                }
                sum[i] += s;
                sumSq[i] += ss;
                for (int j = i + 1; j < m; j++) {
                    float[] y = values[j];
                    double sxy = 0;
                    for (int k = 0; k < x.length; k++) {
                        sxy += (double) x[k] * y[k];
                    }
                    cross[i][j] += sxy;
                }
            }
        }
        Double[][] r = new Double[m][m];
        for (int i = 0; i < m; i++) {
            r[i][i] = 1.0;
            for (int j = i + 1; j < m; j++) {
                double num = n * cross[i][j] - sum[i] * sum[j];
                double den = Math.sqrt((n * sumSq[i] - sum[i] * sum[i]) * (n * sumSq[j] - sum[j] * sum[j]));
                r[i][j] = r[j][i] = den == 0 ? null : num / den;
            }
        }
        return new Matrix(members.stream().map(ExperimentView::id).toList(),
                members.stream().map(ExperimentView::name).toList(), r);
    }
}
