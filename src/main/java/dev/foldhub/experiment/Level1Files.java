package dev.foldhub.experiment;

import dev.foldhub.prediction.Level1FileName;

import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.prediction.Npy;
import dev.foldhub.errors.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the level1 files of an import against a fold assignment and the data set's shape, all of them
 * before anything is stored. A malformed file (name, .npy header, .yml) is a 400 naming it; a well-formed
 * but inconsistent set (shape, folds missing or twice, another model) a 422 naming the file or "files".
 */
final class Level1Files {

    static final String FIELD = "files";
    /** a checkpoint's .yml holds a threshold and a few settings; a larger one is not read into memory */
    static final long MAX_THRESHOLD_FILE_BYTES = 1 << 20;
    private static final Pattern THRESHOLD = Pattern.compile("(?m)^threshold\\s*:\\s*([^\\s#]+)");

    private Level1Files() {
    }

    /** files: the upload without folds.npy; labels and testRows: the data set's columns and test images */
    static Level1Set check(List<UploadedFile> files, FoldAssignment assignment, int labels, int testRows) {
        int k = assignment.numFolds();
        Map<Integer, UploadedFile> train = new TreeMap<>();
        Map<Integer, UploadedFile> test = new TreeMap<>();
        Map<Integer, UploadedFile> thresholdFiles = new TreeMap<>();
        String model = null;
        String modelFile = null;
        for (UploadedFile file : files) {
            String name = file.fileName();
            if (name.endsWith(".yml") || name.endsWith(".yaml")) {
                int fold = Level1FileName.foldOfThresholdFile(name).orElseThrow(() -> new InvalidInputException(name,
                        "a threshold file's name must contain the fold as _f<k>_, like its checkpoint's"));
                put(thresholdFiles, checkFold(fold, k, file), file, "threshold file");
                continue;
            }
            Level1FileName parsed = Level1FileName.parse(name).orElseThrow(() -> new InvalidInputException(name,
                    "is not a level1_train_<model>_f<k>_e<NN>_<score>.npy, level1_test_<model>_f<k>_e<NN>_<score>.npy,"
                            + " <checkpoint>.yml or folds.npy file name"));
            if (model == null) {
                model = parsed.model();
                modelFile = name;
            } else if (!model.equals(parsed.model())) {
                throw inconsistent(name, "is of model '" + parsed.model() + "' but " + modelFile + " is of model '"
                        + model + "'; import one model at a time");
            }
            put(parsed.train() ? train : test, checkFold(parsed.fold(), k, file), file,
                    parsed.train() ? "level1_train file" : "level1_test file");
        }
        List<Integer> missing = new ArrayList<>();
        for (int fold = 0; fold < k; fold++) {
            if (!train.containsKey(fold)) {
                missing.add(fold);
            }
        }
        if (!missing.isEmpty()) {
            throw inconsistent(FIELD, "no level1_train file for fold(s) " + missing + " of the " + k
                    + "-fold assignment; every fold needs one");
        }
        Map<Integer, Double> thresholds = new TreeMap<>();
        thresholdFiles.forEach((fold, file) -> thresholds.put(fold, threshold(file)));
        List<Level1Set.Fold> folds = new ArrayList<>();
        for (Map.Entry<Integer, UploadedFile> e : train.entrySet()) {
            int fold = e.getKey();
            int rows = assignment.rowsOf(fold).length;
            double threshold = thresholds.getOrDefault(fold, 0.0);
            Npy.Float2dHeader header = header(e.getValue(), rows, "fold " + fold + "'s rows", labels);
            Level1FileName name = Level1FileName.parse(e.getValue().fileName()).orElseThrow();
            folds.add(new Level1Set.Fold(fold, name.epoch(), name.score(), threshold, e.getValue(), header));
        }
        List<Level1Set.Test> tests = new ArrayList<>();
        for (Map.Entry<Integer, UploadedFile> e : test.entrySet()) {
            double threshold = thresholds.getOrDefault(e.getKey(), 0.0);
            Npy.Float2dHeader header = header(e.getValue(), testRows, "test images", labels);
            tests.add(new Level1Set.Test(e.getKey(), threshold, e.getValue(), header));
        }
        return new Level1Set(model, folds, tests);
    }

    private static int checkFold(int fold, int k, UploadedFile file) {
        if (fold >= k) {
            throw inconsistent(file.fileName(), "fold " + fold + " is outside 0.." + (k - 1) + " of the fold assignment");
        }
        return fold;
    }

    private static void put(Map<Integer, UploadedFile> byFold, int fold, UploadedFile file, String what) {
        UploadedFile earlier = byFold.putIfAbsent(fold, file);
        if (earlier != null) {
            throw inconsistent(file.fileName(), "fold " + fold + " has a second " + what + " (" + earlier.fileName()
                    + " is the first)");
        }
    }

    /**
     * The file's .npy header, checked against the expected shape, and its size against the data the header
     * announces: only the header is read (the data are read when stored, and checked again then).
     */
    private static Npy.Float2dHeader header(UploadedFile file, int rows, String rowsAre, int labels) {
        Npy.Float2dHeader h;
        try (InputStream in = file.content().open()) {
            h = Npy.readFloat2dHeader(in);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(file.fileName(), e.getMessage());
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (file.size() >= 0 && file.size() - h.dataOffset() < h.dataBytes()) {
            throw new InvalidInputException(file.fileName(), Npy.truncated(h.dataBytes(),
                    file.size() - h.dataOffset()).getMessage());
        }
        if (h.rows() != rows || h.cols() != labels) {
            throw inconsistent(file.fileName(), "has shape (" + h.rows() + ", " + h.cols() + ") but expected ("
                    + rows + ", " + labels + "): " + rows + " " + rowsAre + ", " + labels + " labels");
        }
        return h;
    }

    private static double threshold(UploadedFile file) {
        Matcher m = THRESHOLD.matcher(new String(read(file), StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new InvalidInputException(file.fileName(), "has no top-level 'threshold: <number>'");
        }
        double threshold;
        try {
            threshold = Double.parseDouble(m.group(1));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(file.fileName(), "threshold '" + m.group(1) + "' is not a number");
        }
        if (!Double.isFinite(threshold) || threshold < -1 || threshold > 1) {
            throw new InvalidInputException(file.fileName(), "threshold " + threshold + " is outside [-1, 1]");
        }
        return threshold;
    }

    private static byte[] read(UploadedFile file) {
        if (file.size() > MAX_THRESHOLD_FILE_BYTES) {
            throw new InvalidInputException(file.fileName(), "is " + file.size() + " bytes; a threshold file is a few"
                    + " lines (at most " + MAX_THRESHOLD_FILE_BYTES + " bytes)");
        }
        try {
            return file.readAll();
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    static InvalidInputException unreadable(UploadedFile file, IOException e) {
        return new InvalidInputException(file.fileName(), "could not be read: " + e.getMessage());
    }

    private static InvalidInputException inconsistent(String field, String message) {
        return InvalidInputException.unprocessable(field, message);
    }
}
