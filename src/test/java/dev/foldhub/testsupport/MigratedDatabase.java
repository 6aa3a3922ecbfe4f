package dev.foldhub.testsupport;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A throw-away database with Foldhub's migrations applied: in-memory H2, or a fresh schema on PostgreSQL. */
public final class MigratedDatabase implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final String schema;

    private MigratedDatabase(HikariDataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
        // as application.yml's spring.flyway.locations, with {vendor} spelled out
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + (schema == null ? "h2" : "postgresql"))
                .schemas(schema == null ? new String[0] : new String[] {schema}).createSchemas(true)
                .load().migrate();
    }

    public static MigratedDatabase h2() {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        ds.setUsername("sa");
        ds.setMaximumPoolSize(16);
        return new MigratedDatabase(ds, null);
    }

    public static MigratedDatabase postgres(PostgresTestDatabase.Connection connection) {
        String schema = "foldhub_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        HikariDataSource ds = new HikariDataSource();
        String url = connection.url();
        ds.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        ds.setUsername(connection.user());
        ds.setPassword(connection.password());
        ds.setMaximumPoolSize(16);
        return new MigratedDatabase(ds, schema);
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    public JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    @Override
    public void close() {
        if (schema != null) {
            jdbc().sql("DROP SCHEMA " + schema + " CASCADE").update();
        }
        dataSource.close();
    }
}
