package dev.foldhub.mlflow;

import dev.foldhub.testsupport.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link MetricIngestContract} on PostgreSQL (skipped with a message without one; a failure in CI). */
@EnabledIf(value = "dev.foldhub.testsupport.PostgresSchema#available", disabledReason = "no PostgreSQL (see PostgresTestDatabase)")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "spring.flyway.create-schemas=true",
        "foldhub.data-dir=${java.io.tmpdir}/foldhub-metric-ingest-pg"})
class MetricIngestPostgresTest extends MetricIngestContract {

    private static final PostgresSchema SCHEMA = PostgresSchema.fresh();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SCHEMA.register(registry);
    }

    @AfterAll
    static void drop() {
        SCHEMA.drop();
    }
}
