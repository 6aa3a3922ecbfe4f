package dev.foldhub.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.prediction.Npy;
import dev.foldhub.testsupport.PostgresSchema;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The migration, Hibernate's schema validation and the fold flip on a real PostgreSQL. */
// why: PostgresSchema's condition skips with a message outside CI and fails in CI when there is no PostgreSQL
@EnabledIf("dev.foldhub.testsupport.PostgresSchema#available")
@SpringBootTest(properties = {
        "spring.flyway.create-schemas=true",
        "foldhub.worker.embedded=false",
        "foldhub.data-dir=${java.io.tmpdir}/foldhub-dataset-pg-test"})
class DatasetPostgresTest {

    // why: a schema of its own, so runs never meet each other's (or an older build's) migrations
    private static final PostgresSchema SCHEMA = PostgresSchema.fresh();

    @DynamicPropertySource
    static void schema(DynamicPropertyRegistry registry) {
        SCHEMA.register(registry);
    }

    @AfterAll
    static void dropSchema() {
        SCHEMA.drop();
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
