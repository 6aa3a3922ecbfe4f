package dev.foldhub.web;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link PagedListsContract} on H2. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "spring.datasource.url=jdbc:h2:mem:paged-lists;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "foldhub.data-dir=${java.io.tmpdir}/foldhub-paged-lists-h2"})
class PagedListsH2Test extends PagedListsContract {
}
