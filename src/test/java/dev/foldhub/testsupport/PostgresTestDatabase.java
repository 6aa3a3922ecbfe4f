package dev.foldhub.testsupport;

import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Where tests find a real PostgreSQL: FOLDHUB_TEST_POSTGRES_URL (a JDBC URL, user/password in it or
 * in FOLDHUB_TEST_POSTGRES_USER/_PASSWORD), else a Testcontainers container when Docker runs, else none;
 * with {@code CI=true} "none" is not an answer: {@link #find()} throws, so every PostgreSQL test fails instead of
 * skipping (see {@link Capability}).
 */
public final class PostgresTestDatabase {

    /** How to connect: a JDBC URL with its credentials. */
    public record Connection(String url, String user, String password) {
    }

    private static Connection cached;
    private static boolean probed;

    private PostgresTestDatabase() {
    }

    /** The database, or empty (tests then skip with {@link #skipMessage()}); in CI a missing one throws. */
    public static synchronized Optional<Connection> find() {
        if (!probed) {
            probed = true;
            cached = probe();
        }
        if (cached == null) {
            Capability.failInCi(skipMessage());
        }
        return Optional.ofNullable(cached);
    }

    /** The reason tests are skipped when there is no PostgreSQL. */
    public static String skipMessage() {
        return "skipped: no PostgreSQL (set FOLDHUB_TEST_POSTGRES_URL, e.g. jdbc:postgresql://127.0.0.1:5432/test, or run Docker)";
    }

    private static Connection probe() {
        String url = System.getenv("FOLDHUB_TEST_POSTGRES_URL");
        if (url != null && !url.isBlank()) {
            return new Connection(url, env("FOLDHUB_TEST_POSTGRES_USER", "postgres"), env("FOLDHUB_TEST_POSTGRES_PASSWORD", ""));
        }
        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
                container.start();
                return new Connection(container.getJdbcUrl(), container.getUsername(), container.getPassword());
            }
        } catch (RuntimeException | LinkageError e) {
            System.err.println("Testcontainers could not start PostgreSQL: " + e);
        }
        return null;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
