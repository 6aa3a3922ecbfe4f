package dev.foldhub.dataset;

import dev.foldhub.StorageProperties;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.files.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Registers a cleaned copy of a data set as a new one: under {@code <data-dir>/dataset-versions/} a directory with
 * the changed train.csv, the parent's labels.csv and sample_submission.csv, train/ and test/ as symbolic links to
 * the parent's (no image is copied), {@code changes.csv} (image_id, action drop/add/remove, attribute_id) and
 * {@code parent.txt} naming the parent. Every unknown id or impossible change is a 422 naming its field.
 */
@Component
class DatasetVersions {

    private final DatasetRepository datasets;
    private final DatasetFiles files;
    private final DatasetRegistration registration;
    private final StorageProperties storage;

    DatasetVersions(DatasetRepository datasets, DatasetFiles files, DatasetRegistration registration,
                    StorageProperties storage) {
        this.datasets = datasets;
        this.files = files;
        this.registration = registration;
        this.storage = storage;
    }

    DatasetVersion register(long parentId, String name, LabelChanges changes) {
        DatasetEntity parent = datasets.findExisting(parentId);
        String checkedName = freeName(name);
        DatasetTable table = files.table(parentId);
        Map<String, Integer> rowOf = new HashMap<>();
        for (int r = 0; r < table.trainIds().size(); r++) {
            rowOf.put(table.trainIds().get(r), r);
        }
        Map<String, Integer> classOf = new HashMap<>();
        for (int c = 0; c < table.attributeIds().size(); c++) {
            classOf.put(table.attributeIds().get(c), c);
        }
        List<String[]> log = new ArrayList<>();
        Set<Integer> dropped = new TreeSet<>();
        for (String id : changes.drop()) {
            if (dropped.add(row(rowOf, id, "drop"))) {
                log.add(new String[] {id, "drop", ""});
            }
        }
        List<Set<Integer>> labels = new ArrayList<>();
        for (int[] row : table.trainLabels()) {
            Set<Integer> set = new TreeSet<>();
            for (int c : row) {
                set.add(c);
            }
            labels.add(set);
        }
        int added = apply(changes.add(), "add", true, rowOf, classOf, dropped, labels, log);
        int removed = apply(changes.remove(), "remove", false, rowOf, classOf, dropped, labels, log);
        for (int r = 0; r < labels.size(); r++) {
            if (!dropped.contains(r) && labels.get(r).isEmpty()) {
                throw InvalidInputException.unprocessable("remove", "would leave image " + table.trainIds().get(r)
                        + " without labels; drop it instead");
            }
        }
        Path dir = write(parentId, parent, table, dropped, labels, log);
        DatasetInfo info = registerOrDelete(checkedName, dir, null);
        return new DatasetVersion(info, parentId, dropped.size(), added, removed, dir.resolve("changes.csv"));
    }

    /** The name checked and free (400 naming name when blank, 409 when used). */
    String freeName(String name) {
        String checkedName = DatasetRegistration.checkName(name);
        if (datasets.existsByName(checkedName)) {
            throw DatasetRegistration.nameTaken(checkedName);
        }
        return checkedName;
    }

    /** Registers the written directory (with the given default folds, or computed ones for null); deletes it on failure. */
    DatasetInfo registerOrDelete(String checkedName, Path dir, byte[] folds) {
        try {
            return registration.registerDirectory(checkedName, dir, folds);
        } catch (RuntimeException e) {
            FileTrees.deleteTree(dir);
            throw e;
        }
    }

    /**
     * A new directory under {@code <data-dir>/dataset-versions/} with the parent's labels.csv and
     * sample_submission.csv, test/ linked to the parent's and parent.txt naming the parent; the caller adds
     * train.csv and train/.
     */
    Path newVersionDirectory(long parentId, DatasetEntity parent, DatasetTable table) throws IOException {
        Path parentDir = Path.of(parent.path());
        Path base = Files.createDirectories(storage.dataDir().resolve("dataset-versions").toAbsolutePath().normalize());
        Path dir = Files.createTempDirectory(base, "of-" + parentId + "-");
        Files.copy(parentDir.resolve("labels.csv"), dir.resolve("labels.csv"));
        Files.copy(parentDir.resolve("sample_submission.csv"), dir.resolve("sample_submission.csv"));
        Files.createSymbolicLink(dir.resolve("test"), table.testDir().toAbsolutePath());
        Files.writeString(dir.resolve("parent.txt"), "parent_id=" + parentId + "\nparent_name=" + parent.name()
                + "\nparent_path=" + parent.path() + "\n", StandardCharsets.UTF_8);
        return dir;
    }

    private static int apply(Map<String, List<String>> changes, String field, boolean add, Map<String, Integer> rowOf,
                             Map<String, Integer> classOf, Set<Integer> dropped, List<Set<Integer>> labels,
                             List<String[]> log) {
        int count = 0;
        for (Map.Entry<String, List<String>> e : changes.entrySet()) {
            int row = row(rowOf, e.getKey(), field);
            if (dropped.contains(row)) {
                throw InvalidInputException.unprocessable(field, "image " + e.getKey() + " is also dropped");
            }
            for (String attributeId : new LinkedHashSet<>(e.getValue() == null ? List.<String>of() : e.getValue())) {
                Integer c = classOf.get(attributeId);
                if (c == null) {
                    throw InvalidInputException.unprocessable(field, "unknown attribute id '" + attributeId
                            + "' (not in labels.csv)");
                }
                boolean changed = add ? labels.get(row).add(c) : labels.get(row).remove(c);
                if (!changed) {
                    throw InvalidInputException.unprocessable(field, "image " + e.getKey()
                            + (add ? " already has" : " does not have") + " attribute " + attributeId);
                }
                log.add(new String[] {e.getKey(), field, attributeId});
                count++;
            }
        }
        return count;
    }

    private static int row(Map<String, Integer> rowOf, String imageId, String field) {
        Integer row = imageId == null ? null : rowOf.get(imageId);
        if (row == null) {
            throw InvalidInputException.unprocessable(field, "unknown image id '" + imageId + "' (not in train.csv)");
        }
        return row;
    }

    private Path write(long parentId, DatasetEntity parent, DatasetTable table, Set<Integer> dropped,
                       List<Set<Integer>> labels, List<String[]> log) {
        try {
            Path dir = newVersionDirectory(parentId, parent, table);
            Files.createSymbolicLink(dir.resolve("train"), table.trainDir().toAbsolutePath());
            StringBuilder train = new StringBuilder("id,attribute_ids\n");
            for (int r = 0; r < labels.size(); r++) {
                if (!dropped.contains(r)) {
                    train.append(table.trainIds().get(r)).append(',');
                    train.append(String.join(" ", labels.get(r).stream().map(table.attributeIds()::get).toList()));
                    train.append('\n');
                }
            }
            Files.writeString(dir.resolve("train.csv"), train, StandardCharsets.UTF_8);
            StringBuilder changes = new StringBuilder("image_id,action,attribute_id\n");
            log.forEach(l -> changes.append(String.join(",", l)).append('\n'));
            Files.writeString(dir.resolve("changes.csv"), changes, StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cleaned data set: " + e.getMessage(), e);
        }
    }
}
