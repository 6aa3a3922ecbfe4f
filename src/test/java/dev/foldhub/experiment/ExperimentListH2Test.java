package dev.foldhub.experiment;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link ExperimentListContract} on H2. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "spring.datasource.url=jdbc:h2:mem:experiment-lists;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "foldhub.data-dir=${java.io.tmpdir}/foldhub-experiment-lists-h2"})
class ExperimentListH2Test extends ExperimentListContract {
}
