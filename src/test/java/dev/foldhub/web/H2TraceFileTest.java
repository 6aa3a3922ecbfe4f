package dev.foldhub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The embedded H2 of application.yml writes no foldhub.trace.db (it grew by about 200 MB per 30 s of MLflow calls). */
@SpringBootTest(properties = "foldhub.worker.embedded=false")
class H2TraceFileTest {

    @TempDir
    static Path dataDir;

    @Autowired
    JdbcClient jdbc;
    @Value("${spring.datasource.url}")
    String url;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("foldhub.data-dir", dataDir::toString); // the file database of application.yml, in a temp dir
    }

    @Test // guards: SQL errors (what MLflow calls cause) leave no trace file next to the database, as they did before
    void sqlErrorsWriteNoTraceFile() throws Exception {
        assertThat(url).startsWith("jdbc:h2:file:").contains("TRACE_LEVEL_FILE=0");
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> jdbc.sql("SELECT * FROM no_such_table").query().listOfRows()).isNotNull();
            assertThatThrownBy(() -> jdbc.sql("INSERT INTO users (id) VALUES ('x')").update()).isNotNull();
        }
        assertThat(Files.exists(dataDir.resolve("foldhub.mv.db"))).isTrue();
        assertThat(Files.exists(dataDir.resolve("foldhub.trace.db"))).isFalse();

        // control: the same errors on a database without the setting do write the file, so the check above can fail
        String without = "jdbc:h2:file:" + dataDir.resolve("control") + ";MODE=PostgreSQL";
        try (var connection = DriverManager.getConnection(without, "sa", "");
             var statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM no_such_table")).isNotNull();
        }
        assertThat(Files.exists(dataDir.resolve("control.trace.db"))).isTrue();
    }
}
