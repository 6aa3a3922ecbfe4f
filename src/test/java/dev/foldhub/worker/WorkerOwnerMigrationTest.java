package dev.foldhub.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** V13: worker owners become token ids; V13_1/V13_2: jobs an older version left queued cancelled or over budget. */
class WorkerOwnerMigrationTest {

    // guards item 1 of issue 13: an owner named by exactly one token becomes its id, a name two tokens share matches
    // nobody, a dashboard user's name becomes user:<name>; and items 2-3: old queued rows follow the new rules
    @Test
    void olderRowsAreMigratedToTheNewOwnershipCancelAndAttemptRules() {
        try (HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
            ds.setUsername("sa");
            flyway(ds, "12").migrate();
            JdbcClient jdbc = JdbcClient.create(ds);
            jdbc.sql("INSERT INTO api_tokens (id, name, role, token_hash, created_at) VALUES "
                    + "(7, 'gpu-team', 'worker', 'h1', CURRENT_TIMESTAMP), (8, 'shared', 'worker', 'h2', CURRENT_TIMESTAMP), "
                    + "(9, 'shared', 'worker', 'h3', CURRENT_TIMESTAMP)").update();
            jdbc.sql("INSERT INTO users (username, password_hash, role, created_at) VALUES ('robot', 'x', 'worker', CURRENT_TIMESTAMP)")
                    .update();
            jdbc.sql("INSERT INTO workers (id, kind, devices, registered_at, last_seen_at, owner) VALUES "
                    + "('gpu-box', 'remote', 'gpu0', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'gpu-team'), "
                    + "('shared-box', 'remote', 'cpu0', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'shared'), "
                    + "('robot-box', 'remote', 'cpu0', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'robot'), "
                    + "('embedded', 'embedded', 'cpu0', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, NULL)").update();
            jdbc.sql("INSERT INTO jobs (id, kind, subject_id, fold, state, attempts, max_attempts, cancel_requested, created_at) VALUES "
                    + "(1, 'TRAIN_FOLD', 1, 0, 'QUEUED', 1, 3, TRUE, CURRENT_TIMESTAMP), "
                    + "(2, 'TRAIN_FOLD', 1, 1, 'QUEUED', 5, 3, FALSE, CURRENT_TIMESTAMP), "
                    + "(3, 'TRAIN_FOLD', 1, 2, 'QUEUED', 1, 3, FALSE, CURRENT_TIMESTAMP)").update();

            flyway(ds, "latest").migrate();

            assertThat(owner(jdbc, "gpu-box")).isEqualTo("token:7");
            assertThat(owner(jdbc, "shared-box")).as("ambiguous: no caller's key").isEqualTo("shared");
            assertThat(owner(jdbc, "robot-box")).isEqualTo("user:robot");
            assertThat(owner(jdbc, "embedded")).isEqualTo("(none)");
            assertThat(jdbc.sql("SELECT state FROM jobs WHERE id = 1").query(String.class).single()).isEqualTo("CANCELLED");
            assertThat(jdbc.sql("SELECT attempts FROM jobs WHERE id = 2").query(Integer.class).single()).isEqualTo(2);
            assertThat(jdbc.sql("SELECT state || attempts FROM jobs WHERE id = 3").query(String.class).single()).isEqualTo("QUEUED1");
        }
    }

    private static Flyway flyway(HikariDataSource ds, String target) {
        return Flyway.configure().dataSource(ds).locations("classpath:db/migration", "classpath:db/vendor/h2").target(target).load();
    }

    private static String owner(JdbcClient jdbc, String worker) {
        return jdbc.sql("SELECT COALESCE(owner, '(none)') FROM workers WHERE id = ?").param(worker).query(String.class).single();
    }
}
