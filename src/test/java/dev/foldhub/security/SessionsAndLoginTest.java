package dev.foldhub.security;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.MutableClock;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's sessions and logins under attack or after an admin's change: health details only for signed-in
 * callers, a deleted user's session ends, failed logins are throttled, bcrypt's 72-byte limit is a 400.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "foldhub.security.login.max-failures=3",
        "foldhub.security.login.max-failures-per-ip=6",
        "foldhub.security.login.window=10m",
        "spring.datasource.url=jdbc:h2:mem:sessions-and-login;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "foldhub.data-dir=${java.io.tmpdir}/foldhub-sessions-and-login-test"})
class SessionsAndLoginTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class MovableTime {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
        }
    }

    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    HttpTestClient admin;

    @BeforeEach
    void client() {
        admin = new HttpTestClient(port);
    }

    @Test // guards: anonymous callers get the health status only; a viewer's token or session also gets the components
    void healthDetailsAreForSignedInCallersOnly() throws Exception {
        JsonNode anonymous = json(admin.anonymous().get("/actuator/health"), 200);
        assertThat(anonymous.get("status").asString()).isEqualTo("UP");
        assertThat(anonymous.has("components")).isFalse();
        assertThat(anonymous.toString()).doesNotContain("diskSpace").doesNotContain("path");

        String viewerToken = json(admin.post("/api/tokens", "application/json",
                "{\"name\": \"health-viewer\", \"role\": \"viewer\"}"), 201).get("token").asString();
        JsonNode viewer = json(admin.as(viewerToken).get("/actuator/health"), 200);
        assertThat(viewer.get("components").has("diskSpace")).isTrue();

        createUser("health-user", "viewer");
        Browser browser = new Browser();
        browser.logIn("health-user", "long-enough");
        assertThat(browser.get("/actuator/health").body()).contains("\"components\"");
    }

    @Test // guards: bcrypt reads 72 bytes: a longer password (counted in UTF-8 bytes) is a 400 naming password, not a 500
    void passwordsOverSeventyTwoBytesAre400NamingPassword() throws Exception {
        String tooLong = "ü".repeat(37); // 37 characters, 74 bytes
        JsonNode problem = json(admin.post("/api/users", "application/json",
                "{\"name\": \"long-password\", \"password\": \"" + tooLong + "\", \"role\": \"viewer\"}"), 400);
        assertThat(problem.get("field").asString()).isEqualTo("password");
        assertThat(problem.get("detail").asString()).contains("72 bytes");
        json(admin.post("/api/users", "application/json",
                "{\"name\": \"long-password\", \"password\": \"" + "p".repeat(72) + "\", \"role\": \"viewer\"}"), 201);
        // a login with more than 72 bytes is a failed login, not a server error, even when its first 72 bytes match
        HttpResponse<String> login = new Browser().logIn("long-password", "p".repeat(100));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).endsWith("/login?error");
    }

    @Test // guards: deleting a user ends the sessions they are logged in with (the next request is anonymous)
    void deletingAUserEndsTheirSessions() throws Exception {
        long id = createUser("leaver", "member");
        Browser first = new Browser();
        Browser second = new Browser();
        first.logIn("leaver", "long-enough");
        second.logIn("leaver", "long-enough");
        assertThat(first.get("/api/experiments").statusCode()).isEqualTo(200);
        assertThat(second.get("/").statusCode()).isEqualTo(200);

        assertThat(admin.delete("/api/users/" + id).statusCode()).isEqualTo(204);
        assertThat(first.get("/api/experiments").statusCode()).isEqualTo(401);
        HttpResponse<String> page = second.get("/");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/login");
    }

    @Test // guards: after max-failures wrong passwords a name is refused (429, with Retry-After), even with the right one, until the window passes
    void repeatedFailedLoginsAreThrottledPerUser() throws Exception {
        createUser("guessed", "viewer");
        for (int i = 0; i < 3; i++) {
            assertThat(new Browser().logIn("guessed", "wrong-" + i).headers().firstValue("Location").orElse(""))
                    .endsWith("/login?error");
        }
        HttpResponse<String> refused = new Browser().logIn("guessed", "long-enough");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("Too many failed logins");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        // another user from the same address is not refused yet (the per-address limit is higher)
        createUser("neighbour", "viewer");
        assertThat(new Browser().logIn("neighbour", "long-enough").headers().firstValue("Location").orElse(""))
                .doesNotContain("error");

        clock.advance(Duration.ofMinutes(11));
        HttpResponse<String> later = new Browser().logIn("guessed", "long-enough");
        assertThat(later.statusCode()).isEqualTo(302);
        assertThat(later.headers().firstValue("Location").orElse("")).doesNotContain("error");
    }

    @Test // guards: one address trying many names is refused after max-failures-per-ip, whatever the name
    void repeatedFailedLoginsAreThrottledPerAddress() throws Exception {
        clock.advance(Duration.ofHours(1)); // a window of its own
        for (int i = 0; i < 6; i++) {
            assertThat(new Browser().logIn("nobody-" + i, "wrong").statusCode()).isEqualTo(302);
        }
        assertThat(new Browser().logIn("nobody-new", "wrong").statusCode()).isEqualTo(429);
        clock.advance(Duration.ofHours(1));
    }

    private long createUser(String name, String role) throws Exception {
        return json(admin.post("/api/users", "application/json", "{\"name\": \"" + name
                + "\", \"password\": \"long-enough\", \"role\": \"" + role + "\"}"), 201).get("id").asLong();
    }

    /** A cookie-keeping client that does not follow redirects, as a browser's requests look to the server. */
    private final class Browser {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> logIn(String user, String password) throws Exception {
            Matcher csrf = CSRF_INPUT.matcher(get("/login").body());
            assertThat(csrf.find()).isTrue();
            String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                    + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
            return http.send(HttpRequest.newBuilder(uri("/login")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }

        private URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }
    }
}
