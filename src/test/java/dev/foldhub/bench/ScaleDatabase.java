package dev.foldhub.bench;

import dev.foldhub.FoldhubApplication;
import dev.foldhub.testsupport.PostgresTestDatabase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts Foldhub (embedded worker off) on one PostgreSQL schema, as ScaleSeed and ScaleBenchmark both do. */
final class ScaleDatabase {

    private ScaleDatabase() {
    }

    /** The application on {@code schema} (Flyway creates and migrates it), its web server on a random port. */
    static ConfigurableApplicationContext start(ScaleSizes sizes, String schema) {
        PostgresTestDatabase.Connection c = connection(sizes);
        Map<String, Object> properties = new LinkedHashMap<>();
        // why reWriteBatchedInserts: the driver sends a batch as multi-row INSERTs, several times faster for millions of rows
        properties.put("spring.datasource.url", c.url() + (c.url().contains("?") ? "&" : "?") + "currentSchema=" + schema
                + "&reWriteBatchedInserts=true");
        properties.put("spring.datasource.username", c.user());
        properties.put("spring.datasource.password", c.password());
        properties.put("spring.flyway.schemas", schema);
        properties.put("spring.flyway.create-schemas", "true");
        properties.put("foldhub.worker.embedded", "false");
        properties.put("foldhub.data-dir", dataDir(schema).toString());
        properties.put("server.port", "0");
        // why command-line arguments: they outrank application.properties (test resources set an H2 URL)
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(FoldhubApplication.class).logStartupInfo(false).run(args);
    }

    static Path dataDir(String schema) {
        return Path.of(System.getProperty("java.io.tmpdir"), "foldhub-" + schema);
    }

    static PostgresTestDatabase.Connection connection(ScaleSizes sizes) {
        if (sizes.url() != null) {
            String user = System.getenv().getOrDefault("FOLDHUB_TEST_POSTGRES_USER", "postgres");
            return new PostgresTestDatabase.Connection(sizes.url(), user,
                    System.getenv().getOrDefault("FOLDHUB_TEST_POSTGRES_PASSWORD", ""));
        }
        return PostgresTestDatabase.find().orElseThrow(() -> new IllegalStateException(PostgresTestDatabase.skipMessage()));
    }
}
