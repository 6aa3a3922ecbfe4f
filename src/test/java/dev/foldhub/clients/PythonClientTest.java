package dev.foldhub.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.testsupport.Capability;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.TinyConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs the Python client's pytest suite (clients/python/tests) against a real server on a random port, as
 * EndToEndScriptTest runs the README's script: a tiny generated data set, a tiny config, the admin token; the tests
 * register the data set, train, log OOF, blend, submit and record leaderboard scores through the client and its CLI.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.poll-interval=200ms", "foldhub.worker.heartbeat-interval=1s",
        // why: no jlink here (half a minute); BundleFlowTest runs a bundle's jlink'ed runtime
        "foldhub.bundle.runtime=false"})
class PythonClientTest {

    private static final Path CLIENT = Path.of("clients", "python");

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:pythonclient;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    // guards: the Python client and its CLI work against the real API: addresses, JSON fields, statuses, problems
    @Test
    void thePythonClientsTestsPassAgainstARealServer() throws Exception {
        Capability.require(pythonHasPytest(), "Python client test skipped: it needs python3 with pytest"
                + " (apt-get install -y python3-pytest python3-numpy)");
        Path dataset = temp.resolve("py-imet");
        new DemoDatasetGenerator().generate(dataset, new DemoSpec(60, 12, 32, 11L));
        Path config = Files.writeString(temp.resolve("tiny.yml"), TinyConfigs.resnet18(1));
        Path log = temp.resolve("pytest.log");

        ProcessBuilder builder = new ProcessBuilder("python3", "-m", "pytest", CLIENT.resolve("tests").toString(),
                "-q", "-rs", "-p", "no:cacheprovider")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("FOLDHUB_URL", "http://localhost:" + port);
        env.put("FOLDHUB_TOKEN", HttpTestClient.ADMIN_TOKEN);
        env.put("FOLDHUB_TEST_DATASET", "py");
        env.put("FOLDHUB_TEST_DATASET_PATH", dataset.toAbsolutePath().toString());
        env.put("FOLDHUB_TEST_CONFIG", config.toAbsolutePath().toString());
        env.put("FOLDHUB_TEST_TIMEOUT", "240");
        if (Capability.inCi()) {
            env.put("FOLDHUB_TEST_REQUIRE_NUMPY", "1"); // why: CI installs python3-numpy; its tests must not skip there
        }
        env.put("XDG_CONFIG_HOME", temp.resolve("config").toString()); // why: never the user's own login file
        env.remove("FOLDHUB_CREDENTIALS");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        boolean finished = process.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(finished).as("pytest still running after 8 minutes:\n" + output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("\\d+ passed");
    }

    private static boolean pythonHasPytest() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import pytest").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
