package dev.foldhub.testsupport;

import java.sql.DriverManager;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A fresh schema on the test PostgreSQL for a whole Spring Boot test server (Flyway makes it at start). */
public final class PostgresSchema {

    private final String name = "foldhub_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private PostgresSchema() {
    }

    public static PostgresSchema fresh() {
        return new PostgresSchema();
    }

    /** For {@code @EnabledIf}: whether a PostgreSQL is there (see {@link PostgresTestDatabase}); throws in CI if not. */
    public static boolean available() {
        boolean found = PostgresTestDatabase.find().isPresent();
        if (!found) {
            System.err.println(PostgresTestDatabase.skipMessage());
        }
        return found;
    }

    public String name() {
        return name;
    }

    /** Points the server's DataSource and Flyway at the schema. */
    public void register(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.Connection c = PostgresTestDatabase.find().orElseThrow();
        registry.add("spring.datasource.url", () -> c.url() + (c.url().contains("?") ? "&" : "?") + "currentSchema=" + name);
        registry.add("spring.datasource.username", c::user);
        registry.add("spring.datasource.password", c::password);
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "20");
        // why: Spring keeps each test class's server (its own schema, so its own context) cached with its pool; at
        // Hikari's default minimum-idle (= the maximum) 14 such classes would hold 280 idle connections and the suite
        // hit PostgreSQL's max_connections (100). Idle connections above one are closed after 10 s.
        registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
        registry.add("spring.datasource.hikari.idle-timeout", () -> "10000");
        registry.add("spring.flyway.schemas", () -> name);
    }

    public void drop() {
        PostgresTestDatabase.find().ifPresent(c -> {
            try (var connection = DriverManager.getConnection(c.url(), c.user(), c.password());
                 var statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            } catch (Exception e) {
                System.err.println("could not drop schema " + name + ": " + e);
            }
        });
    }
}
