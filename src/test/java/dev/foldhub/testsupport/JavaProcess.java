package dev.foldhub.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a separate JVM on the test classpath (the same classes as the jar): a real server or worker process
 * that a test can kill. Output goes to a log file the test can read.
 */
public final class JavaProcess {

    private JavaProcess() {
    }

    /** Runs {@code mainClass args} with the given JVM options; stdout and stderr go to {@code log}. */
    public static Process start(List<String> jvmOptions, String mainClass, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-Dai.djl.offline=true");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass);
        command.addAll(args);
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        builder.environment().put("DJL_OFFLINE", "true");
        return builder.start();
    }

    /** The test JVM's full classpath (surefire may hide it behind a manifest-only jar). */
    public static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    public static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
