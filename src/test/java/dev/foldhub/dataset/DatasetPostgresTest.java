package dev.foldhub.dataset;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.prediction.Npy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The migration, Hibernate's schema validation and the fold flip on a real PostgreSQL. */
@EnabledIfEnvironmentVariable(named = "FOLDHUB_TEST_POSTGRES_URL", matches = ".+",
        disabledReason = "set FOLDHUB_TEST_POSTGRES_URL (e.g. jdbc:postgresql://127.0.0.1:5432/foldhub_test) to run on PostgreSQL")
@SpringBootTest(properties = {
        "spring.datasource.username=${FOLDHUB_TEST_POSTGRES_USER:postgres}",
        "spring.datasource.password=${FOLDHUB_TEST_POSTGRES_PASSWORD:}",
        "spring.flyway.create-schemas=true",
        "foldhub.worker.embedded=false",
        "foldhub.data-dir=${java.io.tmpdir}/foldhub-dataset-pg-test"})
class DatasetPostgresTest {

    // why: a schema of its own, so runs never meet each other's (or an older build's) migrations
    private static final String SCHEMA = "foldhub_ds_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @DynamicPropertySource
    static void schema(DynamicPropertyRegistry registry) {
        String url = System.getenv("FOLDHUB_TEST_POSTGRES_URL");
        registry.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
        registry.add("spring.flyway.schemas", () -> SCHEMA);
    }

    @AfterAll
    static void dropSchema(@Autowired JdbcTemplate jdbc) {
        jdbc.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    @Autowired
    DatasetService service;

    @TempDir
    Path tmp;

    @Test
    void registersAndReplacesFoldsOnPostgres() {
        // guards: BYTEA, TIMESTAMPTZ and identity columns map the same on PostgreSQL as on H2
        String name = "pg-" + System.nanoTime();
        DatasetInfo info = service.register(name, ImetFixture.write(tmp.resolve("imet")).toString());
        FoldAssignment generated = service.defaultFolds(info.id());
        assertThat(service.get(info.id())).isEqualTo(info);
        assertThat(generated.folds()).hasSize(ImetFixture.TRAIN);

        byte[] replacement = new byte[ImetFixture.TRAIN];
        for (int r = 0; r < replacement.length; r++) {
            replacement[r] = (byte) (r % 3);
        }
        DatasetInfo replaced = service.replaceDefaultFolds(info.id(), Npy.writeUint8(replacement));
        assertThat(replaced.numFolds()).isEqualTo(3);
        assertThat(service.defaultFolds(info.id()).folds()).containsExactly(replacement);
        assertThat(service.folds(generated.id()).contentHash()).isEqualTo(info.foldsHash());
        assertThat(service.list()).extracting(DatasetInfo::name).contains(name);
    }
}
