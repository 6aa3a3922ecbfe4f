package dev.foldhub.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.testsupport.HttpTestClient;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every endpoint the application maps (found in Spring MVC's and actuator's handler mappings, so an
 * endpoint added later is checked without editing this test) against the role table of docs/security.md:
 * no credentials is a 401 problem (API) or a redirect to /login (pages), a role too small is a 403, the
 * role the table names gets through (any status but 401/403).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "spring.datasource.url=jdbc:h2:mem:role-matrix;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "foldhub.data-dir=${java.io.tmpdir}/foldhub-role-matrix-test"})
class RoleMatrixTest {

    /** Ids in paths: no such thing exists, so an allowed call changes nothing (404, 400, ...). */
    private static final String NO_SUCH_ID = "999999";
    private static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    ApiTokens tokens;

    /** One mapped method and path pattern, with the content type its handler consumes (if it says). */
    record Endpoint(String method, String pattern, String contentType) {
        String path() {
            return pattern.replaceAll("\\{[^}]*}", NO_SUCH_ID);
        }

        boolean api() {
            return pattern.startsWith("/api/") || pattern.startsWith("/actuator") || pattern.startsWith("/v3/api-docs");
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    @BeforeEach
    void tokenPerRole() {
        if (TOKENS.isEmpty()) {
            for (Role role : Role.values()) {
                TOKENS.put(role, tokens.create("matrix-" + role.key(), role.key(), null, "test").token());
            }
        }
    }

    @Test // guards: the list below is really every endpoint (and not empty), including security's own
    void findsTheEndpointsOfEveryPackage() {
        Set<String> patterns = new TreeSet<>(endpoints().stream().map(Endpoint::pattern).toList());
        assertThat(patterns).contains("/api/tokens", "/api/tokens/{id}", "/api/users", "/api/experiments",
                "/api/datasets/{id}/folds.npy", "/api/workers/{id}/retire", "/", "/queue", "/actuator/prometheus",
                "/v3/api-docs", "/login");
        System.out.println("role matrix: " + endpoints().size() + " endpoints (method x pattern), " + patterns.size() + " paths");
    }

    @Test // guards: no credentials never reach a handler: 401 problem+json for the API, a redirect to /login for pages
    void withoutCredentialsTheApiSays401AndPagesRedirectToLogin() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            if (required(e) == null) {
                continue;
            }
            HttpResponse<InputStream> response = send(e, null);
            int status = response.statusCode();
            String location = response.headers().firstValue("Location").orElse("");
            String type = response.headers().firstValue("Content-Type").orElse("");
            boolean ok = e.api() ? status == 401 && type.startsWith("application/problem+json")
                    : status == 302 && location.endsWith("/login");
            if (!ok) {
                wrong.add(e + " -> " + status + " " + type + " " + location);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test // guards: a token whose role is below the endpoint's gets 403 (a worker token everywhere but /api/agent/**)
    void aRoleTooSmallIsForbidden() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            Role required = required(e);
            if (required == null) {
                continue;
            }
            for (Role small : tooSmall(required)) {
                int status = send(e, TOKENS.get(small)).statusCode();
                if (status != 403) {
                    wrong.add(e + " as " + small.key() + " -> " + status);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test // guards: the role the table names is let through (the handler answers, whatever it says)
    void theRequiredRoleGetsThrough() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            Role required = required(e);
            List<Role> allowed = required == null ? List.of(Role.VIEWER) : required == Role.WORKER
                    ? List.of(Role.WORKER, Role.ADMIN) : List.of(required, Role.ADMIN);
            for (Role role : allowed) {
                int status = send(e, TOKENS.get(role)).statusCode();
                if (status == 401 || status == 403) {
                    wrong.add(e + " as " + role.key() + " -> " + status);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test // guards: the prefixes other packages fill (worker API, MLflow API) are guarded before their handlers exist
    void workerAndMlflowPrefixesFollowTheTable() throws Exception {
        HttpTestClient client = new HttpTestClient(port);
        assertThat(client.anonymous().get("/api/agent/x").statusCode()).isEqualTo(401);
        assertThat(client.as(TOKENS.get(Role.MEMBER)).get("/api/agent/x").statusCode()).isEqualTo(403);
        assertThat(client.as(TOKENS.get(Role.WORKER)).get("/api/agent/x").statusCode()).isEqualTo(404);
        assertThat(client.as(TOKENS.get(Role.WORKER)).get("/api/experiments").statusCode()).isEqualTo(403);
        assertThat(client.as(TOKENS.get(Role.WORKER)).get("/").statusCode()).isEqualTo(403);
        assertThat(client.as(TOKENS.get(Role.VIEWER)).get("/api/2.0/mlflow/experiments/search").statusCode()).isEqualTo(200);
        // MLflow clients search with POST: a viewer may, but may not create
        assertThat(client.as(TOKENS.get(Role.VIEWER)).post("/api/2.0/mlflow/experiments/search", "application/json", "{}")
                .statusCode()).isEqualTo(200);
        assertThat(client.as(TOKENS.get(Role.VIEWER)).post("/api/2.0/mlflow/runs/create", "application/json", "{}")
                .statusCode()).isEqualTo(403);
        assertThat(client.as(TOKENS.get(Role.MEMBER)).post("/api/2.0/mlflow/runs/create", "application/json", "{}")
                .statusCode()).isNotIn(401, 403);
        assertThat(client.anonymous().get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(client.anonymous().get("/css/dashboard.css").statusCode()).isEqualTo(200);
    }

    /** The table of docs/security.md: null = public. */
    static Role required(Endpoint e) {
        String p = e.pattern();
        boolean read = e.method().equals("GET") || e.method().equals("HEAD");
        if (p.equals("/login") || p.equals("/error") || p.startsWith("/actuator/health") || p.equals("/actuator/info")) {
            return null;
        }
        if (p.startsWith("/api/agent/")) {
            return Role.WORKER;
        }
        if (p.startsWith("/api/tokens") || p.startsWith("/api/users")
                || (e.method().equals("POST") && p.matches("/api/workers/[^/]+/retire"))) {
            return Role.ADMIN;
        }
        if (e.method().equals("POST") && p.matches("/api/2\\.0/mlflow/(experiments|runs)/search")) {
            return Role.VIEWER;
        }
        return read ? Role.VIEWER : Role.MEMBER;
    }

    static List<Role> tooSmall(Role required) {
        return switch (required) {
            case VIEWER -> List.of(Role.WORKER);
            case MEMBER -> List.of(Role.VIEWER, Role.WORKER);
            case ADMIN -> List.of(Role.MEMBER, Role.VIEWER, Role.WORKER);
            case WORKER -> List.of(Role.MEMBER, Role.VIEWER);
        };
    }

    /** Every (method, pattern) of every RequestMappingInfo handler mapping: controllers, actuator, springdoc. */
    List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                List<String> names = methods.isEmpty() ? List.of("GET", "POST")
                        : methods.stream().map(RequestMethod::name).toList();
                Set<MediaType> consumes = info.getConsumesCondition().getConsumableMediaTypes();
                String type = consumes.isEmpty() ? "application/json" : consumes.iterator().next().toString();
                for (String pattern : info.getPatternValues()) {
                    for (String method : names) {
                        endpoints.add(new Endpoint(method, pattern, type));
                    }
                }
            }
        }
        endpoints.sort((a, b) -> a.toString().compareTo(b.toString()));
        return endpoints.stream().distinct().toList();
    }

    /** Sends the request and returns once the status line is in (an event stream would never end). */
    private HttpResponse<InputStream> send(Endpoint e, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + e.path()))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (e.method().equals("GET") || e.method().equals("HEAD") || e.method().equals("DELETE")) {
            request.method(e.method(), HttpRequest.BodyPublishers.noBody());
        } else if (e.contentType().startsWith("multipart/")) {
            request.header("Content-Type", "multipart/form-data; boundary=matrix")
                    .method(e.method(), HttpRequest.BodyPublishers.ofString("--matrix--\r\n"));
        } else {
            request.header("Content-Type", e.contentType()).method(e.method(), HttpRequest.BodyPublishers.ofString("{}"));
        }
        HttpResponse<InputStream> response = HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .get(30, TimeUnit.SECONDS);
        response.body().close();
        return response;
    }
}
