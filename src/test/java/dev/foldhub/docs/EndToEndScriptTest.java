package dev.foldhub.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.security.AdminBootstrap;
import dev.foldhub.testsupport.Capability;
import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.TinyConfigs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Runs docs/examples/end-to-end.sh, the README's script, with bash against a real server on a random port: its
 * first start writes a random admin token to admin-credentials.txt (no configured token here), which the script
 * reads as a newcomer's run would; then a tiny generated data set, two tiny experiments on two folds, a blend and
 * a submission, down to the CSV.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.poll-interval=200ms", "foldhub.worker.heartbeat-interval=1s",
        "foldhub.security.admin-token="})
class EndToEndScriptTest {

    private static final Path SCRIPT = Path.of("docs", "examples", "end-to-end.sh");

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;
    @Autowired
    AdminBootstrap admin;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:endtoend;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    // guards: the documented script works against the real API: addresses, JSON fields, statuses, the token file
    @Test
    void theScriptTakesATinyDataSetFromRegistrationToASubmissionCsv() throws Exception {
        Capability.require(onPath("curl") && onPath("python3"),
                "end-to-end script test skipped: it needs curl and python3 on the PATH");
        Path dataset = temp.resolve("e2e-imet");
        new DemoDatasetGenerator().generate(dataset, new DemoSpec(60, 12, 32, 5L));
        Path first = Files.writeString(temp.resolve("tiny-a.yml"), TinyConfigs.resnet18(1));
        Path second = Files.writeString(temp.resolve("tiny-b.yml"),
                TinyConfigs.resnet18(1).replace("lr: 0.001", "lr: 0.002"));
        Path csv = temp.resolve("out/submission.csv");
        Files.createDirectories(csv.getParent());
        Path log = temp.resolve("script.log");

        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toAbsolutePath().toString())
                .directory(temp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.remove("FOLDHUB_TOKEN"); // why: the token must come from the server's admin-credentials.txt
        env.put("FOLDHUB_URL", "http://localhost:" + port);
        env.put("FOLDHUB_DATA_DIR", temp.resolve("data").toString());
        env.put("FOLDHUB_DATASET_NAME", "e2e");
        env.put("FOLDHUB_DATASET_PATH", dataset.toAbsolutePath().toString());
        env.put("FOLDHUB_CONFIGS", first + " " + second);
        env.put("FOLDHUB_FOLDS", "0,1");
        env.put("FOLDHUB_BLEND_METHOD", "greedy");
        env.put("FOLDHUB_OUT", csv.toString());
        env.put("FOLDHUB_POLL_SECONDS", "1");
        env.put("FOLDHUB_TIMEOUT_SECONDS", "240");
        Process process = builder.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(finished).as("script still running after 5 minutes:\n" + output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> sample = Files.readAllLines(dataset.resolve("sample_submission.csv"));
        assertThat(lines.get(0)).isEqualTo("id,attribute_ids");
        assertThat(lines).hasSize(sample.size());
        for (int r = 1; r < lines.size(); r++) {
            assertThat(lines.get(r).split(",", -1)[0]).isEqualTo(sample.get(r).split(",", -1)[0]);
        }
        assertThat(output).contains("registered as data set", "ensemble", lines.size() - 1 + " rows in " + csv);

        // the script worked with a member token it made with the admin token from the file
        String adminToken = admin.madeAtStart().orElseThrow().token();
        JsonNode tokens = HttpTestClient.json(new HttpTestClient(port).as(adminToken).get("/api/tokens"), 200);
        assertThat(tokens.findValuesAsString("name")).anyMatch(n -> n.startsWith("end-to-end-"));
        assertThat(tokens.findValuesAsString("role")).contains("member");
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
