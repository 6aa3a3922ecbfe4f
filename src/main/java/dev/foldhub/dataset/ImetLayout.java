package dev.foldhub.dataset;

import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.web.SafePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks a Kaggle iMet 2019 directory: labels.csv, train.csv, sample_submission.csv,
 * train/ and test/ with one {@code <id>.png} per row. Every problem is a 400 on field "path".
 */
final class ImetLayout {

    static final List<String> REQUIRED = List.of("labels.csv", "train.csv", "sample_submission.csv", "train/", "test/");

    private ImetLayout() {
    }

    static ScannedDataset scan(Path dir) {
        for (String required : REQUIRED) {
            Path p = dir.resolve(required);
            boolean ok = required.endsWith("/") ? Files.isDirectory(p) : Files.isRegularFile(p);
            if (!ok) {
                throw CsvFile.invalid("missing " + required + " in " + dir);
            }
        }
        List<String> attributeIds = new ArrayList<>();
        List<String> attributeNames = new ArrayList<>();
        Map<String, Integer> classOf = new HashMap<>();
        CsvFile.forEachRow(dir.resolve("labels.csv"), List.of("attribute_id", "attribute_name"), (line, v) -> {
            if (classOf.putIfAbsent(v[0], attributeIds.size()) != null) {
                throw CsvFile.invalid("labels.csv line " + line + ": duplicate attribute_id " + v[0]);
            }
            attributeIds.add(v[0]);
            attributeNames.add(v[1]);
        });
        if (attributeIds.isEmpty()) {
            throw CsvFile.invalid("labels.csv has no labels");
        }

        List<String> trainIds = new ArrayList<>();
        List<int[]> rowLabels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        CsvFile.forEachRow(dir.resolve("train.csv"), List.of("id", "attribute_ids"), (line, v) -> {
            if (v[0].isEmpty() || !seen.add(v[0])) {
                throw CsvFile.invalid("train.csv line " + line + ": " + (v[0].isEmpty() ? "empty id" : "duplicate id " + v[0]));
            }
            checkImageId(v[0], "train.csv", line);
            String[] tokens = v[1].isEmpty() ? new String[0] : v[1].split("\\s+");
            if (tokens.length == 0) {
                throw CsvFile.invalid("train.csv line " + line + ": row " + v[0] + " has no attribute_ids");
            }
            int[] classes = new int[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                Integer c = classOf.get(tokens[i]);
                if (c == null) {
                    throw CsvFile.invalid("train.csv line " + line + ": unknown attribute id " + tokens[i]
                            + " (not in labels.csv)");
                }
                classes[i] = c;
            }
            trainIds.add(v[0]);
            rowLabels.add(classes);
        });

        List<String> testIds = new ArrayList<>();
        CsvFile.forEachRow(dir.resolve("sample_submission.csv"), List.of("id", "attribute_ids"),
                (line, v) -> testIds.add(checkImageId(v[0], "sample_submission.csv", line)));

        Path trainDir = dir.resolve("train");
        Path testDir = dir.resolve("test");
        checkImages(trainDir, "train", trainIds);
        checkImages(testDir, "test", testIds);

        int[][] raw = rowLabels.toArray(new int[0][]);
        int[][] sorted = new int[raw.length][];
        for (int r = 0; r < raw.length; r++) {
            sorted[r] = Arrays.stream(raw[r]).distinct().sorted().toArray();
        }
        DatasetTable table = new DatasetTable(List.copyOf(attributeIds), List.copyOf(attributeNames),
                List.copyOf(trainIds), sorted, trainDir, testDir);
        return new ScannedDataset(table, raw, List.copyOf(testIds));
    }

    /** An id names the image file {@code <id>.png}: a directory part or ".." would reach outside train/ or test/. */
    private static String checkImageId(String id, String file, int line) {
        if (!SafePaths.isPlainFileName(id)) {
            throw CsvFile.invalid(file + " line " + line + ": id '" + id + "' must be a plain file name (no '/', '\\' or '..')");
        }
        return id;
    }

    private static void checkImages(Path imageDir, String dirName, List<String> ids) {
        String first = null;
        int missing = 0;
        for (String id : ids) {
            if (!Files.isRegularFile(imageDir.resolve(id + ".png"))) {
                missing++;
                if (first == null) {
                    first = dirName + "/" + id + ".png";
                }
            }
        }
        if (missing > 0) {
            throw new InvalidInputException("path", "missing image " + first + " (" + missing + " " + dirName
                    + " image" + (missing == 1 ? "" : "s") + " missing in all)");
        }
    }
}
