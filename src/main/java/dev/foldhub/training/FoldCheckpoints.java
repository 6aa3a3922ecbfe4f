package dev.foldhub.training;

import dev.foldhub.training.checkpoint.ResumeFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a fold's checkpoints live and what they are called: the best epoch's parameters under the reference's name
 * {@code <experiment>_f<fold>_e<NN>_<F2 .4f>.params} (DJL's parameter format), and the resumable state of the last
 * finished epoch as {@value #RESUME_FILE} (see {@link ResumeFile}).
 *
 * @param dir        the fold's checkpoint directory
 * @param experiment the experiment's name
 * @param fold       the fold
 */
public record FoldCheckpoints(Path dir, String experiment, int fold) {

    public static final String RESUME_FILE = "resume.ckpt";
    private static final Pattern PARAMETER_FILE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}\\.params");

    /** The best epoch's parameter file name, as train.py names its .pth (with DJL's extension). */
    public String bestName(int epoch, double f2) {
        return String.format(Locale.ROOT, "%s_f%d_e%02d_%.4f.params", experiment, fold, epoch, f2);
    }

    /**
     * The best epoch's parameter file that a resume file names: a fold resumed on another worker needs both files.
     *
     * @throws IOException when the file is not a resume checkpoint this build reads
     */
    public static String bestFileNamedBy(Path resumeFile) throws IOException {
        String name = ResumeFile.readBestFile(resumeFile);
        if (!PARAMETER_FILE.matcher(name).matches()) {
            throw new IOException(resumeFile + " names " + name + ", which is not a parameter file name");
        }
        return name;
    }

    public Path resumeFile() {
        return dir.resolve(RESUME_FILE);
    }
}
