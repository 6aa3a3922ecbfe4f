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
import java.time.Clock;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Tokens and users over HTTP as an admin's script uses them, and the dashboard's form login with CSRF. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "spring.datasource.url=jdbc:h2:mem:security-api;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "foldhub.data-dir=${java.io.tmpdir}/foldhub-security-api-test"})
class SecurityApiTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class MovableTime {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
        }
    }

    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    Clock injectedClock;
    @Autowired
    JdbcClient jdbc;
    HttpTestClient admin;

    @BeforeEach
    void client() {
        admin = new HttpTestClient(port);
        assertThat(injectedClock).isSameAs(clock);
    }

    @Test // guards: create -> use -> delete -> 401; the token value is in the creation response only, stored as its SHA-256
    void tokenLifecycle() throws Exception {
        JsonNode created = json(admin.post("/api/tokens", "application/json", "{\"name\": \"ci\", \"role\": \"member\"}"), 201);
        String token = created.get("token").asString();
        long id = created.get("id").asLong();
        assertThat(token).startsWith("fh_").hasSizeGreaterThan(40);
        assertThat(created.get("name").asString()).isEqualTo("ci");
        assertThat(created.get("role").asString()).isEqualTo("member");
        assertThat(created.get("createdBy").asString()).isEqualTo("admin");

        HttpTestClient ci = admin.as(token);
        assertThat(ci.get("/api/experiments").statusCode()).isEqualTo(200);
        assertThat(ci.post("/api/jobs/999999/cancel", "application/json", "").statusCode()).isEqualTo(404); // a member may cancel
        assertThat(ci.get("/api/tokens").statusCode()).isEqualTo(403); // not an admin

        HttpResponse<String> list = admin.get("/api/tokens");
        assertThat(list.body()).doesNotContain(token).doesNotContain("\"token\"");
        JsonNode listed = json(list, 200);
        assertThat(listed.valueStream().filter(t -> t.get("id").asLong() == id).findFirst().orElseThrow()
                .get("lastUsedAt").isNull()).isFalse();
        String stored = jdbc.sql("SELECT token_hash FROM api_tokens WHERE id = ?").param(id).query(String.class).single();
        assertThat(stored).isEqualTo(TokenHash.of(token)).doesNotContain(token.substring(3));

        assertThat(admin.delete("/api/tokens/" + id).statusCode()).isEqualTo(204);
        HttpResponse<String> revoked = ci.get("/api/experiments");
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(revoked, 401).get("detail").asString()).contains("invalid or expired");
        assertThat(admin.delete("/api/tokens/" + id).statusCode()).isEqualTo(404);
    }

    @Test // guards: a token past its expiresAt is refused, one before it works
    void expiredTokenIs401() throws Exception {
        Instant expiry = clock.instant().plus(Duration.ofHours(1));
        String token = json(admin.post("/api/tokens", "application/json",
                "{\"name\": \"short\", \"role\": \"viewer\", \"expiresAt\": \"" + expiry + "\"}"), 201).get("token").asString();
        assertThat(admin.as(token).get("/api/experiments").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofHours(2));
        assertThat(admin.as(token).get("/api/experiments").statusCode()).isEqualTo(401);
        assertThat(admin.get("/api/experiments").statusCode()).isEqualTo(200); // the admin token has no expiry
    }

    @Test // guards: bad token requests are 400s naming the field
    void tokenRequestsAreChecked() throws Exception {
        assertThat(json(admin.post("/api/tokens", "application/json", "{\"name\": \"x\", \"role\": \"root\"}"), 400)
                .get("field").asString()).isEqualTo("role");
        assertThat(json(admin.post("/api/tokens", "application/json", "{\"name\": \"../x\", \"role\": \"viewer\"}"), 400)
                .get("field").asString()).isEqualTo("name");
        assertThat(json(admin.post("/api/tokens", "application/json",
                "{\"name\": \"old\", \"role\": \"viewer\", \"expiresAt\": \"2020-01-01T00:00:00Z\"}"), 400)
                .get("field").asString()).isEqualTo("expiresAt");
    }

    @Test // guards: wrong or empty bearer values are 401, never anonymous access; a bearer call makes no session
    void badBearerValuesAre401AndBearerCallsStayStateless() throws Exception {
        HttpResponse<String> bad = admin.as("fh_not-a-token").get("/api/experiments");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        assertThat(admin.as(" ").get("/api/experiments").statusCode()).isEqualTo(401);
        assertThat(admin.as("fh_not-a-token").get("/").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = admin.get("/api/experiments");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test // guards: GET /api/users lists users for admins only; a user an admin creates can log in
    void usersAreAdminOnly() throws Exception {
        String viewer = json(admin.post("/api/tokens", "application/json", "{\"name\": \"v\", \"role\": \"viewer\"}"), 201)
                .get("token").asString();
        String member = json(admin.post("/api/tokens", "application/json", "{\"name\": \"m\", \"role\": \"member\"}"), 201)
                .get("token").asString();
        JsonNode users = json(admin.get("/api/users"), 200);
        assertThat(users.valueStream().map(u -> u.get("name").asString())).contains("admin");
        assertThat(users.toString()).doesNotContain("password");
        assertThat(admin.as(member).get("/api/users").statusCode()).isEqualTo(403);
        assertThat(admin.as(viewer).get("/api/users").statusCode()).isEqualTo(403);
        assertThat(admin.anonymous().get("/api/users").statusCode()).isEqualTo(401);
        assertThat(admin.as(member).post("/api/users", "application/json",
                "{\"name\": \"eve\", \"password\": \"password1\", \"role\": \"admin\"}").statusCode()).isEqualTo(403);

        json(admin.post("/api/users", "application/json", "{\"name\": \"alice\", \"password\": \"alice-pass\", \"role\": \"viewer\"}"), 201);
        assertThat(json(admin.post("/api/users", "application/json", "{\"name\": \"bob\", \"password\": \"short\", \"role\": \"viewer\"}"), 400)
                .get("field").asString()).isEqualTo("password");
        Browser alice = new Browser();
        assertThat(alice.logIn("alice", "alice-pass").headers().firstValue("Location").orElse("")).doesNotContain("error");
        assertThat(alice.get("/").statusCode()).isEqualTo(200);
        long aliceId = users(admin).valueStream().filter(u -> u.get("name").asString().equals("alice")).findFirst()
                .orElseThrow().get("id").asLong();
        assertThat(admin.delete("/api/users/" + aliceId).statusCode()).isEqualTo(204);
        long adminId = users(admin).valueStream().filter(u -> u.get("name").asString().equals("admin")).findFirst()
                .orElseThrow().get("id").asLong();
        assertThat(admin.delete("/api/users/" + adminId).statusCode()).isEqualTo(409); // the last admin stays
    }

    @Test // guards: the dashboard's form login: CSRF on the form, session cookie flags, API calls need the CSRF header, logout ends it
    void formLoginAndLogoutWithCsrf() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> page = browser.get("/experiments/1");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/login");

        HttpResponse<String> login = browser.get("/login");
        assertThat(login.statusCode()).isEqualTo(200);
        String csrf = match(CSRF_INPUT, login.body());
        assertThat(browser.post("/login", "username=admin&password=" + HttpTestClient.ADMIN_PASSWORD, null).statusCode())
                .as("a login without the CSRF token").isEqualTo(403);
        assertThat(browser.post("/login", "username=admin&password=wrong&_csrf=" + csrf, null)
                .headers().firstValue("Location").orElse("")).endsWith("/login?error");

        HttpResponse<String> in = browser.logIn("admin", HttpTestClient.ADMIN_PASSWORD);
        assertThat(in.statusCode()).isEqualTo(302);
        String cookie = String.join(";", in.headers().allValues("Set-Cookie"));
        assertThat(cookie).contains("JSESSIONID").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");

        HttpResponse<String> home = browser.get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("id=\"current-user\">admin<");
        String header = match(CSRF_META, home.body());
        assertThat(browser.post("/api/jobs/999999/cancel", "", null).statusCode()).as("API POST without CSRF").isEqualTo(403);
        assertThat(browser.post("/api/jobs/999999/cancel", "", header).statusCode()).as("API POST with CSRF").isEqualTo(404);
        JsonNode made = json(browser.postJson("/api/tokens", "{\"name\": \"from-dashboard\", \"role\": \"viewer\"}", header), 201);
        assertThat(made.get("createdBy").asString()).as("the logged-in user is the caller").isEqualTo("admin");

        HttpResponse<String> out = browser.post("/logout", "_csrf=" + URLEncoder.encode(header, StandardCharsets.UTF_8), null);
        assertThat(out.headers().firstValue("Location").orElse("")).endsWith("/login?logout");
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
        assertThat(browser.get("/api/experiments").statusCode()).isEqualTo(401);
    }

    private static JsonNode users(HttpTestClient admin) throws Exception {
        return json(admin.get("/api/users"), 200);
    }

    private static String match(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }

    /** A cookie-keeping client that does not follow redirects, as a browser's requests look to the server. */
    private final class Browser {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** A form POST (or an API POST when the body is empty), with the CSRF header when given. */
        HttpResponse<String> post(String path, String form, String csrfHeader) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", form.isEmpty() ? "application/json" : "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
            if (csrfHeader != null) {
                request.header("X-CSRF-TOKEN", csrfHeader);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> postJson(String path, String body, String csrfHeader) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .header("X-CSRF-TOKEN", csrfHeader).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> logIn(String user, String password) throws Exception {
            String csrf = match(CSRF_INPUT, get("/login").body());
            return post("/login", "username=" + user + "&password=" + password + "&_csrf="
                    + URLEncoder.encode(csrf, StandardCharsets.UTF_8), null);
        }

        private URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }
    }
}
