package dev.foldhub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.foldhub.FoldhubApplication;
import dev.foldhub.StorageProperties;
import dev.foldhub.testsupport.MigratedDatabase;
import dev.foldhub.testsupport.MutableClock;
import dev.foldhub.testsupport.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** First start: user admin and an admin token, random (shown once) or from FOLDHUB_ADMIN_TOKEN / FOLDHUB_ADMIN_PASSWORD. */
@ExtendWith(OutputCaptureExtension.class)
class AdminBootstrapTest {

    private static final String TOKEN = "fh_configured-token-for-tests";
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private MigratedDatabase db;
    @TempDir
    Path dataDir;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @ParameterizedTest(name = "{0}") // guards: V7 and the bootstrap on both databases
    @ValueSource(strings = {"h2", "postgres"})
    void firstStartMakesAdminWithRandomCredentialsShownOnce(String database) {
        if (database.equals("postgres")) {
            assumeTrue(PostgresTestDatabase.find().isPresent(), PostgresTestDatabase.skipMessage());
            db = MigratedDatabase.postgres(PostgresTestDatabase.find().get());
        } else {
            db = MigratedDatabase.h2();
        }
        AdminBootstrap first = bootstrap(null, null);
        first.run(new DefaultApplicationArguments());
        AdminCredentials shown = first.madeAtStart().orElseThrow();
        assertThat(shown.user()).isEqualTo("admin");
        assertThat(shown.password()).hasSizeGreaterThanOrEqualTo(Users.MIN_PASSWORD_LENGTH);
        assertThat(shown.token()).startsWith("fh_");
        assertThat(users().list()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("admin");
            assertThat(u.role()).isEqualTo("admin");
        });
        String hash = db.jdbc().sql("SELECT password_hash FROM users").query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}").doesNotContain(shown.password());
        assertThat(encoder.matches(shown.password(), hash)).isTrue();
        assertThat(tokens(null).authenticate(shown.token())).hasValue(new Caller("admin", Role.ADMIN, 1L));

        AdminBootstrap second = bootstrap(null, null);
        second.run(new DefaultApplicationArguments());
        assertThat(second.madeAtStart()).isEmpty();
        assertThat(users().count()).isEqualTo(1);
        assertThat(tokens(null).list()).hasSize(1);
    }

    @Test // guards: configured credentials are the ones stored, and are not echoed to the log
    void configuredCredentialsAreUsed() {
        db = MigratedDatabase.h2();
        AdminBootstrap bootstrap = bootstrap(TOKEN, "configured-password");
        bootstrap.run(new DefaultApplicationArguments());
        assertThat(bootstrap.madeAtStart()).hasValue(new AdminCredentials("admin", null, null, null));
        assertThat(tokens(null).authenticate(TOKEN)).map(Caller::role).hasValue(Role.ADMIN);
        assertThat(encoder.matches("configured-password",
                db.jdbc().sql("SELECT password_hash FROM users").query(String.class).single())).isTrue();
    }

    @Test // guards: FOLDHUB_ADMIN_TOKEN set on a later start is registered once (rotation without a database edit)
    void aLaterStartRegistersAConfiguredTokenOnce() {
        db = MigratedDatabase.h2();
        bootstrap(null, null).run(new DefaultApplicationArguments());
        assertThat(tokens(null).authenticate(TOKEN)).isEmpty();
        bootstrap(TOKEN, null).run(new DefaultApplicationArguments());
        bootstrap(TOKEN, null).run(new DefaultApplicationArguments());
        assertThat(tokens(null).authenticate(TOKEN)).isPresent();
        assertThat(tokens(null).list()).hasSize(2);
    }

    @Test // guards: a guessable configured token or password stops the start with a message naming the variable
    void tooShortConfiguredSecretsStopTheStart() {
        db = MigratedDatabase.h2();
        assertThatThrownBy(() -> bootstrap("short", null).run(new DefaultApplicationArguments()))
                .hasMessageContaining("FOLDHUB_ADMIN_TOKEN");
        assertThatThrownBy(() -> bootstrap(null, "short").run(new DefaultApplicationArguments()))
                .hasMessageContaining("FOLDHUB_ADMIN_PASSWORD");
        assertThat(users().count()).isZero();
    }

    @Test // guards: the random password and token go to an owner-only (rw-------) file in the data dir, not to the log
    void randomCredentialsGoToAnOwnerOnlyFileAndTheLogNamesOnlyItsPath(CapturedOutput output) throws Exception {
        db = MigratedDatabase.h2();
        AdminBootstrap first = bootstrap(null, null);
        first.run(new DefaultApplicationArguments());
        AdminCredentials made = first.madeAtStart().orElseThrow();
        Path file = dataDir.resolve(AdminBootstrap.CREDENTIALS_FILE);
        assertThat(made.file()).isEqualTo(file.toAbsolutePath().normalize());
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String text = Files.readString(file);
        assertThat(text).contains("dashboard password: " + made.password()).contains("API token: " + made.token());
        assertThat(encoder.matches(made.password(),
                db.jdbc().sql("SELECT password_hash FROM users").query(String.class).single())).isTrue();
        assertThat(output.getAll()).contains(file.toAbsolutePath().normalize().toString())
                .doesNotContain(made.password()).doesNotContain(made.token());
    }

    @Test // guards: bcrypt's 72-byte limit stops the start with a message naming the variable (UTF-8 bytes, not characters)
    void aTooLongConfiguredPasswordStopsTheStartWithAMessage() {
        db = MigratedDatabase.h2();
        String tooLong = "pässwörd-".repeat(7); // 63 characters, 77 bytes in UTF-8
        assertThatThrownBy(() -> bootstrap(null, tooLong).run(new DefaultApplicationArguments()))
                .isInstanceOf(AdminSettingException.class)
                .hasMessageContaining("FOLDHUB_ADMIN_PASSWORD").hasMessageContaining("72 bytes")
                .hasMessageNotContaining(tooLong);
        assertThat(users().count()).isZero();
        String fits = "p".repeat(72);
        bootstrap(null, fits).run(new DefaultApplicationArguments());
        assertThat(encoder.matches(fits, db.jdbc().sql("SELECT password_hash FROM users").query(String.class).single())).isTrue();
    }

    @Test // guards: the start-up failure is Spring Boot's "APPLICATION FAILED TO START" report, not a stack trace with the value
    void aTooLongConfiguredPasswordIsReportedWithoutAStackTrace(CapturedOutput output) {
        String tooLong = "x".repeat(100);
        SpringApplication app = new SpringApplication(FoldhubApplication.class);
        assertThatThrownBy(() -> app.run("--foldhub.security.admin-password=" + tooLong,
                "--foldhub.data-dir=" + dataDir, "--foldhub.worker.embedded=false", "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:long-password;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"))
                .isInstanceOf(AdminSettingException.class);
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
                .contains("FOLDHUB_ADMIN_PASSWORD (foldhub.security.admin-password) must be at most 72 bytes")
                .doesNotContain(tooLong).doesNotContain("at dev.foldhub.security.AdminBootstrap.run");
    }

    @Test // guards: the environment variable names of the issue reach foldhub.security through application.yml
    void environmentVariablesBindThroughApplicationYml() throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("env",
                Map.of("FOLDHUB_ADMIN_TOKEN", TOKEN, "FOLDHUB_ADMIN_PASSWORD", "from-the-environment")));
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(environment.getPropertySources()::addLast);
        SecurityProperties bound = Binder.get(environment).bind("foldhub.security", SecurityProperties.class).get();
        assertThat(bound.adminToken()).isEqualTo(TOKEN);
        assertThat(bound.adminPassword()).isEqualTo("from-the-environment");
    }

    private AdminBootstrap bootstrap(String token, String password) {
        return new AdminBootstrap(users(), tokens(null), new SecurityProperties(token, password, null, java.time.Duration.ofSeconds(10)),
                new StorageProperties(dataDir, dataDir.resolve("artifacts")));
    }

    private Users users() {
        return new Users(db.jdbc(), encoder, clock);
    }

    private ApiTokens tokens(java.time.Duration expiry) {
        return new ApiTokens(db.jdbc(), clock, new SecurityProperties(null, null, expiry, java.time.Duration.ofSeconds(10)));
    }
}
