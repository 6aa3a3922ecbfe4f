package dev.foldhub.mlflow;

import dev.foldhub.testsupport.HttpTestClient;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.tracking.MlflowClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The server the MLflow API tests talk to over HTTP (one Spring context for all of them, H2 in memory,
 * no embedded worker). Test clients are made here only, so a token is added in one place when needed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
abstract class MlflowServerTest {

    @TempDir
    static Path serverDir;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:mlflow;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> serverDir.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> serverDir.resolve("data/artifacts").toString());
    }

    /** The official MLflow Java client, tracking URI = this server. */
    MlflowClient mlflowClient() {
        return new MlflowClient("http://localhost:" + port);
    }

    /** Foldhub's own REST API. */
    HttpTestClient http() {
        return new HttpTestClient(port);
    }
}
