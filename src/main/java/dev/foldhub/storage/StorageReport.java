package dev.foldhub.storage;

import java.util.List;

/**
 * GET /api/storage (JSON names are a contract): the bytes Foldhub keeps per experiment (largest first) and per data
 * set, their total, and the space left on the file store of the data directory; and the MLflow step metrics
 * stored (points, bytes with indexes, an estimate on H2, and bytes per point).
 */
public record StorageReport(String dataDir, long totalBytes, long freeDiskBytes, List<ExperimentStorage> experiments,
                            List<DatasetStorage> datasets, long metricPoints, long metricBytes,
                            double metricBytesPerPoint) {
}
