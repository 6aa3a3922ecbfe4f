package dev.foldhub.mlflow;

import dev.foldhub.testsupport.HttpTestClient;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The server the MLflow API tests talk to over HTTP (one Spring context for all of them, H2 in memory,
 * no embedded worker). Test clients are made here only, both with the test admin token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        // why: not a @TempDir, which JUnit deletes after the first test class while the cached context still uses it
        "foldhub.data-dir=${java.io.tmpdir}/foldhub-mlflow-test"})
abstract class MlflowServerTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:mlflow;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    }

    /** The official MLflow Java client, tracking URI = this server. */
    MlflowClient mlflowClient() {
        return new MlflowClient(new BasicMlflowHostCreds("http://localhost:" + port, HttpTestClient.ADMIN_TOKEN));
    }

    /** Foldhub's own REST API. */
    HttpTestClient http() {
        return new HttpTestClient(port);
    }
}
