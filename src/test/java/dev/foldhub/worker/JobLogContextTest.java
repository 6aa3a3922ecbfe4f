package dev.foldhub.worker;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.testsupport.HttpTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Every log line the worker writes while it trains a fold carries the job id, the experiment and the fold. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.poll-interval=200ms",
        "foldhub.worker.heartbeat-interval=1s"})
class JobLogContextTest {

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;

    @Value("${logging.pattern.correlation}")
    String correlationPattern;

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:joblog;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSet() throws Exception {
        new DemoDatasetGenerator().generate(temp.resolve("tiny"), new DemoSpec(60, 5, 32, 5L));
    }

    @BeforeEach
    void capture() {
        captured.start();
        root().addAppender(captured);
    }

    @AfterEach
    void release() {
        root().detachAppender(captured);
    }

    @Test
    void everyLineFromATrainingJobCarriesTheJobIdExperimentAndFold() throws Exception {
        HttpTestClient client = new HttpTestClient(port);
        json(client.post("/api/datasets", "application/json", "{\"name\": \"logs\", \"path\": \""
                + temp.resolve("tiny").toAbsolutePath() + "\"}"), 201);
        String config = "model:\n  arch: resnet18\n  input_size: 32\ntrain:\n  batch_size: 16\n  num_epochs: 1\n"
                + "  max_steps_per_epoch: 2\ntest:\n  num_ttas: 1\n";
        JsonNode created = json(client.post("/api/experiments?name=logged&dataset=logs&folds=1", "application/yaml", config), 201);
        long experiment = created.get("id").asLong();
        long job = created.get("jobIds").get(0).asLong();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        String state;
        do {
            Thread.sleep(300);
            state = json(client.get("/api/jobs/" + job), 200).get("state").asString();
        } while (!state.equals("SUCCEEDED") && !state.equals("FAILED") && Instant.now().isBefore(deadline));
        assertThat(state).isEqualTo("SUCCEEDED");

        List<ILoggingEvent> fromJob = List.copyOf(captured.list).stream()
                .filter(e -> e.getThreadName().startsWith("foldhub-worker")).toList();
        assertThat(fromJob).as("the worker logs the fold's start and its epoch").hasSizeGreaterThanOrEqualTo(2);
        for (ILoggingEvent event : fromJob) {
            assertThat(event.getMDCPropertyMap()).as(event.getFormattedMessage())
                    .containsEntry("job", String.valueOf(job))
                    .containsEntry("jobKind", "TRAIN_FOLD")
                    .containsEntry("experiment", String.valueOf(experiment))
                    .containsEntry("experimentName", "logged")
                    .containsEntry("fold", "1");
        }
        assertThat(layout(correlationPattern).doLayout(fromJob.get(0)))
                .isEqualTo("[job " + job + " TRAIN_FOLD experiment " + experiment + " logged fold 1] ");
    }

    @Test
    void aLineOutsideAnyJobHasNoJobPrefix() {
        LoggerFactory.getLogger(JobLogContextTest.class).info("not from a job");
        ILoggingEvent event = captured.list.stream().filter(e -> e.getMessage().equals("not from a job")).findFirst().orElseThrow();
        assertThat(layout(correlationPattern).doLayout(event)).isEmpty();
    }

    private static PatternLayout layout(String pattern) {
        PatternLayout layout = new PatternLayout();
        layout.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        layout.setPattern(pattern);
        layout.start();
        return layout;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
