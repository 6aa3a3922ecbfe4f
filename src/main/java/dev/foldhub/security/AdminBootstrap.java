package dev.foldhub.security;

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
 * FOLDHUB_ADMIN_PASSWORD / FOLDHUB_ADMIN_TOKEN or at random, and prints the random ones once.
 * A later start registers FOLDHUB_ADMIN_TOKEN if it is set and not stored yet.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE) // why: before the demo and any other runner that talks about logging in
public class AdminBootstrap implements ApplicationRunner {

    static final String ADMIN = "admin";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final Users users;
    private final ApiTokens tokens;
    private final SecurityProperties properties;
    private volatile AdminCredentials madeAtStart;

    public AdminBootstrap(Users users, ApiTokens tokens, SecurityProperties properties) {
        this.users = users;
        this.tokens = tokens;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        String configuredToken = blankToNull(properties.adminToken());
        String configuredPassword = blankToNull(properties.adminPassword());
        if (configuredToken != null && configuredToken.length() < ApiTokens.MIN_CONFIGURED_LENGTH) {
            throw new IllegalStateException("FOLDHUB_ADMIN_TOKEN (foldhub.security.admin-token) must be at least "
                    + ApiTokens.MIN_CONFIGURED_LENGTH + " characters");
        }
        if (configuredPassword != null && configuredPassword.length() < Users.MIN_PASSWORD_LENGTH) {
            throw new IllegalStateException("FOLDHUB_ADMIN_PASSWORD (foldhub.security.admin-password) must be at least "
                    + Users.MIN_PASSWORD_LENGTH + " characters");
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
        madeAtStart = new AdminCredentials(ADMIN, configuredPassword == null ? password : null,
                configuredToken == null ? token : null);
        log.info("""

                ==================================================================================
                 First start: created user 'admin' and an admin API token. Shown only this once:
                   dashboard login  admin / {}
                   API token        {}
                 curl -H "Authorization: Bearer $TOKEN" ...   (POST /api/tokens makes more tokens)
                ==================================================================================""",
                configuredPassword == null ? password : "(FOLDHUB_ADMIN_PASSWORD)",
                configuredToken == null ? token : "(FOLDHUB_ADMIN_TOKEN)");
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
