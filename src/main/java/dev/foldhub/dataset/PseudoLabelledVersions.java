package dev.foldhub.dataset;

import dev.foldhub.errors.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Registers a data set's version with pseudo-labelled test images, through {@link DatasetVersions}' directory and
 * registration: train.csv is the parent's rows (same order and labels) and then the test images; train/ is a
 * directory of symbolic links, one per row, to the parent's train image or to the test image, so every reader of a
 * data set (the embedded trainer and remote agents) finds {@code train/<id>.png} as for any other data set. The
 * default folds are the parent assignment's for its rows and {@link FoldAssignment#TRAIN_ONLY} for the test images.
 */
@Component
class PseudoLabelledVersions {

    private final DatasetRepository datasets;
    private final DatasetFiles files;
    private final DatasetFolds folds;
    private final DatasetVersions versions;

    PseudoLabelledVersions(DatasetRepository datasets, DatasetFiles files, DatasetFolds folds,
                           DatasetVersions versions) {
        this.datasets = datasets;
        this.files = files;
        this.folds = folds;
        this.versions = versions;
    }

    /** 400 naming name, 409 for a used name, 422 naming submission for rows the parent cannot take. */
    PseudoLabelledVersion register(long parentId, String name, PseudoLabelRows rows) {
        DatasetEntity parent = datasets.findExisting(parentId);
        String checkedName = versions.freeName(name);
        DatasetTable table = files.table(parentId);
        FoldAssignment parentFolds = folds.folds(rows.foldAssignmentId());
        if (parentFolds.datasetId() != parentId) {
            throw new IllegalArgumentException("fold assignment " + rows.foldAssignmentId() + " is not data set "
                    + parentId + "'s");
        }
        int labels = check(parentId, table, rows);
        int n = table.trainIds().size();
        byte[] newFolds = Arrays.copyOf(parentFolds.folds(), n + rows.testIds().size());
        Arrays.fill(newFolds, n, newFolds.length, (byte) FoldAssignment.TRAIN_ONLY);
        Path dir = write(parentId, parent, table, rows);
        DatasetInfo info = versions.registerOrDelete(checkedName, dir, newFolds);
        return new PseudoLabelledVersion(info, parentId, parentFolds.id(), rows.testIds().size(), labels);
    }

    private int check(long parentId, DatasetTable table, PseudoLabelRows rows) {
        Set<String> test = new HashSet<>(files.testIds(parentId));
        Set<String> train = new HashSet<>(table.trainIds());
        Set<String> seen = new HashSet<>();
        int labels = 0;
        for (int i = 0; i < rows.testIds().size(); i++) {
            String id = rows.testIds().get(i);
            if (!test.contains(id) || train.contains(id) || !seen.add(id)) {
                throw InvalidInputException.unprocessable("submission", "test image '" + id + "' cannot be added: "
                        + (!test.contains(id) ? "not in sample_submission.csv" : train.contains(id)
                        ? "a train image has the same id" : "listed twice"));
            }
            if (rows.classes()[i].length == 0) {
                throw new IllegalArgumentException("test image " + id + " has no label");
            }
            for (int c : rows.classes()[i]) {
                if (c < 0 || c >= table.attributeIds().size()) {
                    throw new IllegalArgumentException("class " + c + " is not one of labels.csv");
                }
            }
            labels += rows.classes()[i].length;
        }
        return labels;
    }

    private Path write(long parentId, DatasetEntity parent, DatasetTable table, PseudoLabelRows rows) {
        try {
            Path dir = versions.newVersionDirectory(parentId, parent, table);
            Path images = Files.createDirectory(dir.resolve("train"));
            StringBuilder train = new StringBuilder("id,attribute_ids\n");
            for (int r = 0; r < table.trainIds().size(); r++) {
                String id = table.trainIds().get(r);
                Files.createSymbolicLink(images.resolve(id + ".png"), table.trainDir().toAbsolutePath().resolve(id + ".png"));
                row(train, id, table.trainLabels()[r], table.attributeIds());
            }
            StringBuilder pseudo = new StringBuilder("id,attribute_ids\n");
            for (int i = 0; i < rows.testIds().size(); i++) {
                String id = rows.testIds().get(i);
                Files.createSymbolicLink(images.resolve(id + ".png"), table.testDir().toAbsolutePath().resolve(id + ".png"));
                row(train, id, rows.classes()[i], table.attributeIds());
                row(pseudo, id, rows.classes()[i], table.attributeIds());
            }
            Files.writeString(dir.resolve("train.csv"), train, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("pseudo_labels.csv"), pseudo, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("pseudo.txt"), rows.note() == null ? "" : rows.note(), StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pseudo-labelled data set: " + e.getMessage(), e);
        }
    }

    private static void row(StringBuilder csv, String id, int[] classes, List<String> attributeIds) {
        csv.append(id).append(',');
        for (int i = 0; i < classes.length; i++) {
            csv.append(i == 0 ? "" : " ").append(attributeIds.get(classes[i]));
        }
        csv.append('\n');
    }
}
