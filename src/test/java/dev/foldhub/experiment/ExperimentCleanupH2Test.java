package dev.foldhub.experiment;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link ExperimentCleanupContract} on H2 (predictions as BLOBs). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "spring.datasource.url=jdbc:h2:mem:experiment-cleanup;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
class ExperimentCleanupH2Test extends ExperimentCleanupContract {
}
