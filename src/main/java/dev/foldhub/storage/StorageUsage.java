package dev.foldhub.storage;

import dev.foldhub.StorageProperties;
import dev.foldhub.dataset.DatasetInfo;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.experiment.CheckpointFiles;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.ExperimentName;
import dev.foldhub.mlflow.MetricStorage;
import dev.foldhub.mlflow.MetricStorageSize;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.prediction.TestPredictionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Measures what Foldhub stores: prediction bytes summed in SQL per experiment (no prediction is read), checkpoint
 * bytes by walking each experiment's checkpoint directory, free space from the data directory's file store.
 */
@Service
public class StorageUsage {

    private final ExperimentService experiments;
    private final DatasetService datasets;
    private final CheckpointFiles checkpoints;
    private final OofStore oof;
    private final TestPredictionStore testPredictions;
    private final StorageProperties storage;
    private final MetricStorageSize metrics;

    StorageUsage(ExperimentService experiments, DatasetService datasets, CheckpointFiles checkpoints, OofStore oof,
                 TestPredictionStore testPredictions, StorageProperties storage, MetricStorageSize metrics) {
        this.experiments = experiments;
        this.datasets = datasets;
        this.checkpoints = checkpoints;
        this.oof = oof;
        this.testPredictions = testPredictions;
        this.storage = storage;
        this.metrics = metrics;
    }

    @Transactional(readOnly = true)
    public StorageReport report() {
        Map<Long, Long> predictionBytes = new HashMap<>(oof.bytesPerExperiment());
        testPredictions.bytesPerExperiment().forEach((id, bytes) -> predictionBytes.merge(id, bytes, Long::sum));
        Map<Long, String> datasetNames = new HashMap<>();
        List<DatasetInfo> allDatasets = datasets.list();
        allDatasets.forEach(d -> datasetNames.put(d.id(), d.name()));
        List<ExperimentStorage> rows = experiments.names().stream()
                .map(e -> measure(e, datasetNames.get(e.datasetId()), predictionBytes))
                .sorted(Comparator.comparingLong(ExperimentStorage::totalBytes).reversed()
                        .thenComparing(Comparator.comparingLong(ExperimentStorage::id).reversed()))
                .toList();
        Map<Long, long[]> perDataset = new HashMap<>();
        for (ExperimentStorage row : rows) {
            long[] sum = perDataset.computeIfAbsent(row.datasetId(), k -> new long[2]);
            sum[0]++;
            sum[1] += row.totalBytes();
        }
        List<DatasetStorage> sets = allDatasets.stream().map(d -> dataset(d, perDataset.get(d.id())))
                .sorted(Comparator.comparingLong(DatasetStorage::bytes).reversed()
                        .thenComparing(Comparator.comparingLong(DatasetStorage::id)))
                .toList();
        long total = rows.stream().mapToLong(ExperimentStorage::totalBytes).sum();
        Path dataDir = storage.dataDir().toAbsolutePath().normalize();
        MetricStorage metricStorage = metrics.measure();
        return new StorageReport(dataDir.toString(), total, freeBytes(dataDir), rows, sets, metricStorage.points(),
                metricStorage.bytes(), metricStorage.bytesPerPoint());
    }

    private ExperimentStorage measure(ExperimentName e, String dataset, Map<Long, Long> predictionBytes) {
        long onDisk = checkpoints.bytesOf(e.id());
        long predictions = predictionBytes.getOrDefault(e.id(), 0L);
        return new ExperimentStorage(e.id(), e.name(), e.datasetId(), dataset, e.archived(), onDisk, predictions,
                onDisk + predictions);
    }

    private static DatasetStorage dataset(DatasetInfo d, long[] sum) {
        return new DatasetStorage(d.id(), d.name(), sum == null ? 0 : (int) sum[0], sum == null ? 0 : sum[1]);
    }

    /** The usable bytes of the file store holding {@code dir} (or its nearest existing parent, before it is made). */
    static long freeBytes(Path dir) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return Files.getFileStore(existing == null ? Path.of("").toAbsolutePath() : existing).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the free space of " + dir, e);
        }
    }
}
