package dev.foldhub.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/gpu-check.sh, the GPU check of docs/gpu-workers.md: its step-speed part runs on the CPU with --cpu-only and
 * prints the images/s and the pipeline's share it parsed from TrainingBenchmark; without a GPU and without
 * --cpu-only it says so and exits 3 instead of timing the CPU as if it were a GPU.
 */
class GpuCheckScriptTest {

    private static final Path SCRIPT = Path.of("bench", "gpu-check.sh");

    @TempDir
    Path temp;

    @Test
    void theCpuOnlyStepCheckPrintsTheSpeedAndThePipelineShareItMeasured() throws Exception {
        // guards: the script runs TrainingBenchmark from the test classpath and parses its result line; a changed
        // benchmark output would leave the share unparsed and fail the script
        Run run = run(List.of("--cpu-only", "--skip-fold", "--size", "32", "--batch", "4", "--steps", "1",
                "--loader-threads", "1", "--dir", temp.toString()));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).containsPattern(
                "cpu +network alone +[0-9.]+ images/s, fed by the pipeline +[0-9.]+ images/s \\(pipeline share of a step [0-9]+%\\)");
        assertThat(Files.readString(temp.resolve("benchmark-cpu.log"))).contains("resnet18 32 px: network alone");
    }

    @Test
    void withoutAGpuItRefusesToReportTheCpuAsOne() throws Exception {
        // guards: on a machine without an NVIDIA GPU the plain check fails with a message, not a CPU figure
        assumeTrue(!onPath("nvidia-smi"), "this machine has nvidia-smi");
        Run run = run(List.of("--skip-fold", "--dir", temp.toString()));
        assertThat(run.exit()).as(run.output()).isEqualTo(3);
        assertThat(run.output()).contains("no NVIDIA GPU here").doesNotContain("images/s");
    }

    private record Run(int exit, String output) {
    }

    private Run run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toAbsolutePath().toString()));
        command.addAll(arguments);
        Path log = temp.resolve("script.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("bench/gpu-check.sh did not finish in 10 minutes: " + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
