package dev.foldhub.training.checkpoint;

import ai.djl.Model;
import dev.foldhub.scoring.ThresholdChoice;
import dev.foldhub.training.EpochStats;
import dev.foldhub.training.FoldCheckpoints;
import dev.foldhub.training.FoldOutcome;
import dev.foldhub.training.optim.ResumableOptimizer;
import dev.foldhub.training.optim.SwaAverage;
import dev.foldhub.training.schedule.LrSchedule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fold's progress across epochs and restarts: the epochs so far, the best one and its parameter file, and the
 * resume file rewritten after every epoch. A new best file is saved before the resume file names it, and the old one
 * deleted only after, so the resume file always names a file that exists.
 */
public final class FoldResume {

    private static final Logger log = LoggerFactory.getLogger(FoldResume.class);

    private final FoldCheckpoints checkpoints;
    private final String fingerprint;
    private final int rows;
    private final int classes;
    private final List<Random> randoms;
    private final List<EpochStats> epochs = new ArrayList<>();
    private final List<Integer> batches = new ArrayList<>();
    private int bestEpoch;
    private double bestF2;
    private double bestThreshold;
    private float[] bestProbabilities;
    private String bestFile = "";

    /** @param randoms the shuffle, augmentation and mixup streams, saved with every epoch */
    public FoldResume(FoldCheckpoints checkpoints, String fingerprint, int rows, int classes, ResumeState resume,
               List<Random> randoms) {
        this.checkpoints = checkpoints;
        this.fingerprint = fingerprint;
        this.rows = rows;
        this.classes = classes;
        this.randoms = List.copyOf(randoms);
        if (resume != null) {
            epochs.addAll(resume.epochs());
            for (int b : resume.batches()) {
                batches.add(b);
            }
            bestEpoch = resume.bestEpoch();
            bestF2 = resume.bestF2();
            bestThreshold = resume.bestThreshold();
            bestProbabilities = resume.bestProbabilities();
            bestFile = resume.bestFile();
        } else {
            deleteStaleFiles(checkpoints.dir());
        }
    }

    /**
     * The resume state in the directory when it belongs to this run (same fingerprint) and fits the fold ({@code rows}
     * validation rows of {@code classes} classes, consistent epoch counts, readable random streams), else null, saying
     * why. The arrays are checked when {@link ResumeFile#restore} reads them.
     */
    public static ResumeState find(FoldCheckpoints checkpoints, String fingerprint, int rows, int classes) {
        Path file = checkpoints.resumeFile();
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            ResumeState state = ResumeFile.readState(file);
            if (!state.fingerprint().equals(fingerprint)) {
                log.warn("{} was written for another config or data; starting the fold over", file);
                return null;
            }
            String misfit = misfit(state, rows, classes);
            if (misfit != null) {
                log.warn("{} does not fit the fold: {}; starting the fold over", file, misfit);
                return null;
            }
            if (!Files.isRegularFile(checkpoints.dir().resolve(state.bestFile()))) {
                log.warn("{} names the best checkpoint {}, which is gone; starting the fold over", file, state.bestFile());
                return null;
            }
            log.info("resuming {} fold {} after epoch {} (best epoch {}, F2 {})", checkpoints.experiment(),
                    checkpoints.fold(), state.epoch(), state.bestEpoch(), String.format("%.4f", state.bestF2()));
            return state;
        } catch (IOException | RuntimeException e) {
            log.warn("{} cannot be read ({}); starting the fold over", file, e.getMessage());
            return null;
        }
    }

    /** Why the state cannot be this fold's, or null. */
    private static String misfit(ResumeState state, int rows, int classes) {
        if (state.rows() != rows || state.classes() != classes) {
            return "its OOF probabilities are " + state.rows() + " x " + state.classes() + ", the fold has " + rows
                    + " validation rows x " + classes + " classes";
        }
        int epoch = state.epoch();
        if (epoch < 1 || state.epochs().size() != epoch || state.batches().length != epoch) {
            return "it is after epoch " + epoch + " but lists " + state.epochs().size() + " epochs and "
                    + state.batches().length + " batch counts";
        }
        for (int i = 0; i < epoch; i++) {
            if (state.epochs().get(i).epoch() != i + 1 || state.batches()[i] < 0) {
                return "its epoch " + (i + 1) + " is numbered " + state.epochs().get(i).epoch() + " with "
                        + state.batches()[i] + " batches";
            }
        }
        int best = state.bestEpoch();
        if (best != SwaAverage.EPOCH && (best < 1 || best > epoch)) {
            return "its best epoch " + best + " is not one of its " + epoch;
        }
        if (state.randoms().size() != 3) {
            return "it has " + state.randoms().size() + " random streams, not 3";
        }
        for (byte[] stream : state.randoms()) {
            random(stream); // throws for one that does not read back
        }
        return null;
    }

    public int nextEpoch() {
        return epochs.size() + 1;
    }

    public int rows() {
        return rows;
    }

    public int classes() {
        return classes;
    }

    /** Brings a fresh schedule to where it was after the finished epochs: the same calls the training made. */
    public void replay(LrSchedule lr) {
        for (int i = 0; i < epochs.size(); i++) {
            lr.startEpoch();
            for (int b = 0; b < batches.get(i); b++) {
                lr.afterBatch();
            }
            lr.afterEpoch(epochs.get(i).f2());
        }
    }

    /** Records a validated epoch, saves its parameters when it is the best so far, and rewrites the resume file. */
    public void finishEpoch(Model model, EpochStats stats, int epochBatches, float[] probabilities,
                     ResumableOptimizer optimizer, SwaAverage swa) throws IOException {
        epochs.add(stats);
        batches.add(epochBatches);
        String previous = null;
        if (bestEpoch == 0 || stats.f2() > bestF2) {
            previous = bestFile;
            saveBest(model, stats.epoch(), stats.f2(), stats.threshold(), probabilities);
        }
        write(model, optimizer, swa);
        deleteReplaced(previous);
    }

    /** Offers the SWA model: it becomes the best (epoch 99) when its F2 beats every epoch's. */
    public void offerAveraged(Model model, ThresholdChoice choice, float[] probabilities, int snapshots,
                       ResumableOptimizer optimizer, SwaAverage swa) throws IOException {
        boolean better = choice.f2() > bestF2;
        log.info("{} fold {}: SWA of {} snapshots F2 {} vs best epoch {} F2 {}{}", checkpoints.experiment(),
                checkpoints.fold(), snapshots, String.format("%.4f", choice.f2()), bestEpoch,
                String.format("%.4f", bestF2), better ? ": the averaged model is kept" : "");
        if (better) {
            String previous = bestFile;
            saveBest(model, SwaAverage.EPOCH, choice.f2(), choice.threshold(), probabilities);
            write(model, optimizer, swa);
            deleteReplaced(previous);
        }
    }

    public FoldOutcome outcome() {
        return new FoldOutcome(bestEpoch, bestF2, bestThreshold, bestProbabilities, rows, classes, epochs,
                checkpoints.dir().resolve(bestFile));
    }

    private void saveBest(Model model, int epoch, double f2, double threshold, float[] probabilities)
            throws IOException {
        Files.createDirectories(checkpoints.dir());
        model.setProperty("Epoch", String.valueOf(epoch));
        model.save(checkpoints.dir(), "best"); // DJL writes best-NNNN.params; renamed to the reference's name
        String name = checkpoints.bestName(epoch, f2);
        Files.move(checkpoints.dir().resolve(String.format("best-%04d.params", epoch)), checkpoints.dir().resolve(name),
                StandardCopyOption.REPLACE_EXISTING);
        bestEpoch = epoch;
        bestF2 = f2;
        bestThreshold = threshold;
        bestProbabilities = probabilities;
        bestFile = name;
    }

    private void write(Model model, ResumableOptimizer optimizer, SwaAverage swa) throws IOException {
        int[] perEpoch = batches.stream().mapToInt(Integer::intValue).toArray();
        ResumeState state = new ResumeState(fingerprint, epochs.size(), bestEpoch, bestF2, bestThreshold, bestFile,
                rows, classes, bestProbabilities, epochs, perEpoch, randoms.stream().map(FoldResume::bytes).toList());
        ResumeFile.write(checkpoints.resumeFile(), state, model.getBlock(), optimizer, swa);
    }

    private void deleteReplaced(String previous) throws IOException {
        if (previous != null && !previous.isEmpty() && !previous.equals(bestFile)) {
            Files.deleteIfExists(checkpoints.dir().resolve(previous));
        }
    }

    /** A fresh start: parameter files, the resume file and temporaries of an earlier run in this fold's directory go. */
    private static void deleteStaleFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "{*.params,*.tmp," + FoldCheckpoints.RESUME_FILE + "}")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(Random random) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Random random(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("java.util.Random;!*"));
            return (Random) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
