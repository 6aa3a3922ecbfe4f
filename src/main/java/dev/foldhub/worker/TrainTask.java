package dev.foldhub.worker;

import java.util.List;

/**
 * Everything a worker needs to train one fold, so that it needs no database: the config as stored, where the
 * images are, which rows train and which validate (validation in train.csv order, the order of the OOF rows).
 *
 * @param imageDir the data set's train/ directory as the server sees it; a remote worker reads the same path
 *                 (shared storage) or rewrites its prefix (foldhub.agent.data-root-map)
 * @param seed     seeds the fold's weights, shuffling and augmentation
 * @param maxEpochs the server's foldhub.training.max-epochs: the fold trains min(train.num_epochs, this) epochs
 *                 (0 from a server that predates it: no cap)
 */
public record TrainTask(long experimentId, String experimentName, int fold, String config, int numClasses, long seed,
                        String imageDir, List<TaskImage> train, List<TaskImage> validation,
                        double thresholdMin, double thresholdMax, int thresholdPoints, int maxEpochs) {
}
