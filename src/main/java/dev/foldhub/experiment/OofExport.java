package dev.foldhub.experiment;

import dev.foldhub.StorageProperties;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.prediction.Level1FileName;
import dev.foldhub.prediction.Npy;
import dev.foldhub.prediction.OofPrediction;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.prediction.OofSummary;
import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.NotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/** OOF predictions as the reference's level1_train_*.npy files (probabilities minus threshold): one fold's, or all. */
@Service
public class OofExport {

    private final ExperimentService experiments;
    private final OofStore oofStore;
    private final DatasetService datasets;
    private final StorageProperties storage;

    public OofExport(ExperimentService experiments, OofStore oofStore, DatasetService datasets, StorageProperties storage) {
        this.experiments = experiments;
        this.oofStore = oofStore;
        this.datasets = datasets;
        this.storage = storage;
    }

    public OofFile foldFile(long experimentId, int fold) {
        Experiment experiment = experiments.find(experimentId);
        OofPrediction oof = oofStore.find(experimentId, fold)
                .orElseThrow(() -> new NotFoundException("OOF predictions of experiment " + experimentId + " fold", fold));
        String name = Level1FileName.ofTrain(experiment.getName(), fold, oof.epoch(), oof.f2()).fileName();
        return new OofFile(name, Npy.writeFloat32(oof.centered(), oof.rows(), oof.classes()));
    }

    /**
     * The whole OOF of an experiment: every train.csv row some fold validates (not the TRAIN_ONLY ones), in file
     * order, N x C float32, each row minus its own fold's threshold; 409 naming the folds without predictions. Assembled fold by fold in a temporary file (rows
     * of a fold are scattered over train.csv), so at most one fold's predictions are in memory; close it to delete.
     */
    public WholeOof wholeFile(long experimentId) throws IOException {
        Experiment experiment = experiments.find(experimentId);
        FoldAssignment assignment = datasets.folds(experiment.getFoldAssignmentId());
        List<OofSummary> folds = oofStore.summaries(experimentId);
        List<Integer> missing = new ArrayList<>();
        for (int fold = 0; fold < assignment.numFolds(); fold++) {
            int f = fold;
            if (folds.stream().noneMatch(o -> o.fold() == f)) {
                missing.add(fold);
            }
        }
        if (!missing.isEmpty()) {
            throw new ConflictException("experiment " + experimentId + " has no OOF predictions of fold(s) " + missing
                    + " of its " + assignment.numFolds() + "-fold assignment; the whole OOF needs every fold");
        }
        int classes = folds.get(0).classes();
        for (OofSummary oof : folds) {
            int rows = assignment.rowsOf(oof.fold()).length;
            if (oof.rows() != rows || oof.classes() != classes) {
                throw new IllegalStateException("stored OOF of experiment " + experimentId + " fold " + oof.fold()
                        + " is " + oof.rows() + " x " + oof.classes() + ", expected " + rows + " x " + classes);
            }
        }
        Path dir = Files.createDirectories(storage.artifactsDir().resolve("exports"));
        Path file = Files.createTempFile(dir, "oof-" + experimentId + "-", ".npy");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            // why: TRAIN_ONLY rows (pseudo-labelled test images) are in no fold's OOF, so the file leaves them out
            int[] position = validatedPositions(assignment);
            ByteBuffer header = ByteBuffer.wrap(Npy.float32Header(assignment.validatedRows(), classes));
            long dataStart = header.remaining();
            writeFully(out, header, 0);
            ByteBuffer row = ByteBuffer.allocate(classes * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (OofSummary summary : folds) {
                OofPrediction oof = oofStore.find(experimentId, summary.fold()).orElseThrow(() -> new ConflictException(
                        "the OOF predictions of experiment " + experimentId + " fold " + summary.fold() + " changed"));
                float[] p = oof.probabilities();
                float t = (float) oof.threshold();
                int[] rows = assignment.rowsOf(oof.fold());
                for (int i = 0; i < rows.length; i++) { // fold row i is train.csv row rows[i]
                    row.clear();
                    for (int c = 0; c < classes; c++) {
                        row.putFloat(p[i * classes + c] - t);
                    }
                    row.flip();
                    writeFully(out, row, dataStart + (long) position[rows[i]] * classes * Float.BYTES);
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new WholeOof("level1_train_" + experiment.getName() + "_oof.npy", file);
    }

    /** position[r] = the row's place in the whole OOF: how many validated rows come before train.csv row r. */
    private static int[] validatedPositions(FoldAssignment assignment) {
        int[] position = new int[assignment.folds().length];
        int n = 0;
        for (int r = 0; r < position.length; r++) {
            position[r] = n;
            n += assignment.foldOf(r) == FoldAssignment.TRAIN_ONLY ? 0 : 1;
        }
        return position;
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer, long position) throws IOException {
        for (long at = position; buffer.hasRemaining(); ) {
            at += out.write(buffer, at);
        }
    }

    /** The whole OOF .npy in a temporary file: send it, then close it (which deletes it). */
    public record WholeOof(String fileName, Path file) implements AutoCloseable {

        @Override
        public void close() throws IOException {
            Files.deleteIfExists(file);
        }
    }
}
