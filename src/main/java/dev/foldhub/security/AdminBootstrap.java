package dev.foldhub.security;

import dev.foldhub.StorageProperties;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * First start (no user at all): makes user {@code admin} and an admin API token, from
 * FOLDHUB_ADMIN_PASSWORD / FOLDHUB_ADMIN_TOKEN or at random; the random ones go to an owner-only file in the data
 * directory whose path is logged (never the secrets).
 * A later start registers FOLDHUB_ADMIN_TOKEN if it is set and not stored yet.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE) // why: before the demo and any other runner that talks about logging in
public class AdminBootstrap implements ApplicationRunner {

    static final String ADMIN = "admin";
    /** In the data directory: the random password and token of the first start. */
    public static final String CREDENTIALS_FILE = "admin-credentials.txt";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final Users users;
    private final ApiTokens tokens;
    private final SecurityProperties properties;
    private final StorageProperties storage;
    private volatile AdminCredentials madeAtStart;

    public AdminBootstrap(Users users, ApiTokens tokens, SecurityProperties properties, StorageProperties storage) {
        this.users = users;
        this.tokens = tokens;
        this.properties = properties;
        this.storage = storage;
    }

    @Override
    public void run(ApplicationArguments args) {
        String configuredToken = blankToNull(properties.adminToken());
        String configuredPassword = blankToNull(properties.adminPassword());
        if (configuredToken != null && configuredToken.length() < ApiTokens.MIN_CONFIGURED_LENGTH) {
            throw new AdminSettingException("FOLDHUB_ADMIN_TOKEN", "foldhub.security.admin-token",
                    "must be at least " + ApiTokens.MIN_CONFIGURED_LENGTH + " characters");
        }
        if (configuredPassword != null && configuredPassword.length() < Users.MIN_PASSWORD_LENGTH) {
            throw new AdminSettingException("FOLDHUB_ADMIN_PASSWORD", "foldhub.security.admin-password",
                    "must be at least " + Users.MIN_PASSWORD_LENGTH + " characters");
        }
        if (configuredPassword != null && Users.tooLong(configuredPassword)) {
            throw new AdminSettingException("FOLDHUB_ADMIN_PASSWORD", "foldhub.security.admin-password",
                    "must be at most " + Users.MAX_PASSWORD_BYTES + " bytes in UTF-8 (bcrypt's limit)");
        }
        if (users.count() > 0) {
            if (configuredToken != null && tokens.registerIfAbsent(configuredToken, ADMIN, Role.ADMIN, "FOLDHUB_ADMIN_TOKEN")) {
                log.info("registered the admin API token given by FOLDHUB_ADMIN_TOKEN");
            }
            return;
        }
        String password = configuredPassword != null ? configuredPassword : randomPassword();
        String token = configuredToken != null ? configuredToken : TokenHash.newToken();
        users.create(ADMIN, password, Role.ADMIN.key());
        tokens.registerIfAbsent(token, ADMIN, Role.ADMIN, "first start");
        String randomPassword = configuredPassword == null ? password : null;
        String randomToken = configuredToken == null ? token : null;
        Path file = randomPassword == null && randomToken == null ? null : writeOwnerOnly(randomPassword, randomToken);
        madeAtStart = new AdminCredentials(ADMIN, randomPassword, randomToken, file);
        log.info("""

                ==================================================================================
                 First start: created user 'admin' and an admin API token.
                   {}
                 curl -H "Authorization: Bearer $TOKEN" ...   (POST /api/tokens makes more tokens)
                ==================================================================================""",
                file == null ? "password and token from FOLDHUB_ADMIN_PASSWORD and FOLDHUB_ADMIN_TOKEN"
                        : "the random " + (randomPassword != null && randomToken != null ? "password and token are"
                        : randomPassword != null ? "password is" : "token is") + " in " + file
                        + " (readable by this user only; delete it once noted)");
    }

    /**
     * The random secrets in {@code admin-credentials.txt} in the data directory, made rw------- before a byte is written.
     * why: the log is often collected and shared; a file only the server's user can read is not.
     */
    private Path writeOwnerOnly(String password, String token) {
        Path file = storage.dataDir().toAbsolutePath().normalize().resolve(CREDENTIALS_FILE);
        StringBuilder text = new StringBuilder("# Foldhub first start: user admin's credentials (made at random)\n");
        if (password != null) {
            text.append("dashboard user: admin\ndashboard password: ").append(password).append('\n');
        }
        if (token != null) {
            text.append("API token: ").append(token).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
                File f = file.toFile();
                f.setReadable(false, false);
                f.setWritable(false, false);
                f.setReadable(true, true);
                f.setWritable(true, true);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the first start's admin credentials to " + file, e);
        }
        return file;
    }

    /** The admin credentials this start created, if it was the first start. */
    public Optional<AdminCredentials> madeAtStart() {
        return Optional.ofNullable(madeAtStart);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
