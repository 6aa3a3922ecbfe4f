package dev.foldhub.web;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.testsupport.HttpTestClient;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * What users type that reaches a text column, the same on H2 and PostgreSQL: a U+0000 is a 400 naming the field
 * (PostgreSQL cannot store it: it was a 500 there), a unique name taken by a concurrent request is a 409 (it was a
 * 500), and two admins deleted at once leave one. Run by {@link StoredInputH2Test} and {@link StoredInputPostgresTest}.
 */
abstract class StoredInputContract {

    private static final String NUL = "\\u0000";
    private static final String MLFLOW = "/api/2.0/mlflow";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    HttpTestClient admin;

    @BeforeEach
    void client() {
        admin = new HttpTestClient(port);
    }

    @Test // guards: a U+0000 in a JSON name or MLflow field is a 400 naming the field, and nothing is stored
    void nulInJsonNamesAndMlflowFieldsIs400NamingTheField() throws Exception {
        long users = count("users");
        long tokens = count("api_tokens");
        long datasets = count("datasets");
        long mlflowExperiments = count("mlflow_experiments");
        String[][] problems = {
                {"/api/datasets", "{\"name\": \"d" + NUL + "\", \"path\": \"/tmp\"}", "name"},
                {"/api/datasets", "{\"name\": \"d\", \"path\": \"/tmp" + NUL + "\"}", "path"},
                {"/api/experiments", "{\"name\": \"e" + NUL + "\", \"dataset\": \"d\", \"config\": \"model: {}\"}", "name"},
                {"/api/experiments", "{\"name\": \"e\", \"dataset\": \"d" + NUL + "\", \"config\": \"model: {}\"}", "dataset"},
                {"/api/ensembles", "{\"name\": \"b" + NUL + "\", \"dataset\": \"d\", \"experiments\": [1]}", "name"},
                {"/api/ensembles", "{\"name\": \"b\", \"dataset\": \"d" + NUL + "\", \"experiments\": [1]}", "dataset"},
                {"/api/ensembles", "{\"name\": \"b\", \"dataset\": \"d\", \"experiments\": [\"x" + NUL + "\"]}", "experiments[0]"},
                {"/api/users", "{\"name\": \"u" + NUL + "\", \"password\": \"long-enough\", \"role\": \"viewer\"}", "name"},
                {"/api/tokens", "{\"name\": \"t" + NUL + "\", \"role\": \"viewer\"}", "name"}};
        for (String[] p : problems) {
            JsonNode problem = json(admin.post(p[0], "application/json", p[1]), 400);
            assertThat(problem.get("field").asString()).as(p[0] + " " + p[1]).isEqualTo(p[2]);
            assertThat(problem.get("detail").asString()).contains("U+0000");
        }

        String experimentId = json(admin.post(MLFLOW + "/experiments/create", "application/json",
                "{\"name\": \"nul-" + System.nanoTime() + "\"}"), 200).get("experiment_id").asString();
        String runId = json(admin.post(MLFLOW + "/runs/create", "application/json",
                "{\"experiment_id\": \"" + experimentId + "\"}"), 200).get("run").get("info").get("run_id").asString();
        String run = "\"run_id\": \"" + runId + "\", ";
        String[][] mlflow = {
                {"/experiments/create", "{\"name\": \"x" + NUL + "\"}", "name"},
                {"/experiments/update", "{\"experiment_id\": \"" + experimentId + "\", \"new_name\": \"x" + NUL + "\"}", "new_name"},
                {"/experiments/set-experiment-tag", "{\"experiment_id\": \"" + experimentId + "\", \"key\": \"k\", \"value\": \"v" + NUL + "\"}", "value"},
                {"/runs/create", "{\"experiment_id\": \"" + experimentId + "\", \"run_name\": \"r" + NUL + "\"}", "run_name"},
                {"/runs/create", "{\"experiment_id\": \"" + experimentId + "\", \"tags\": [{\"key\": \"k\", \"value\": \"v" + NUL + "\"}]}", "tags[0].value"},
                {"/runs/update", "{" + run + "\"run_name\": \"r" + NUL + "\"}", "run_name"},
                {"/runs/log-parameter", "{" + run + "\"key\": \"k\", \"value\": \"v" + NUL + "\"}", "value"},
                {"/runs/set-tag", "{" + run + "\"key\": \"k\", \"value\": \"v" + NUL + "\"}", "value"},
                {"/runs/log-batch", "{" + run + "\"params\": [{\"key\": \"p\", \"value\": \"1\"}, {\"key\": \"q\", \"value\": \"" + NUL + "\"}]}", "params[1].value"},
                {"/runs/log-batch", "{" + run + "\"tags\": [{\"key\": \"k" + NUL + "\", \"value\": \"v\"}]}", "tags[0].key"},
                {"/runs/search", "{\"experiment_ids\": [\"" + experimentId + "\"], \"filter\": \"params.p = 'a" + NUL + "'\"}", "filter"}};
        for (String[] m : mlflow) {
            HttpResponse<String> response = admin.post(MLFLOW + m[0], "application/json", m[1]);
            assertThat(response.statusCode()).as(m[0] + " " + m[1]).isEqualTo(400);
            JsonNode error = json(response, 400);
            assertThat(error.get("error_code").asString()).isEqualTo("INVALID_PARAMETER_VALUE");
            assertThat(error.get("message").asString()).as(m[0]).contains("'" + m[2] + "'").contains("U+0000");
        }
        JsonNode stored = json(admin.get(MLFLOW + "/runs/get?run_id=" + runId), 200).get("run");
        assertThat(stored.get("data").toString()).doesNotContain("\\u0000");
        assertThat(count("users")).isEqualTo(users);
        assertThat(count("api_tokens")).isEqualTo(tokens);
        assertThat(count("datasets")).isEqualTo(datasets);
        assertThat(count("mlflow_experiments")).isEqualTo(mlflowExperiments + 1);
    }

    @Test // guards: a U+0000 in a query parameter is a 400 naming the parameter (MLflow and Foldhub endpoints)
    void nulInQueryParametersIs400NamingTheParameter() throws Exception {
        JsonNode mlflow = json(admin.get(MLFLOW + "/experiments/get-by-name?experiment_name=a%00b"), 400);
        assertThat(mlflow.get("error_code").asString()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(mlflow.get("message").asString()).contains("experiment_name").contains("U+0000");
        JsonNode history = json(admin.get(MLFLOW + "/metrics/get-history?run_id=r&metric_key=a%00"), 400);
        assertThat(history.get("message").asString()).contains("metric_key");
        JsonNode problem = json(admin.post("/api/experiments?name=a%00&dataset=d", "application/yaml", "model: {}\n"), 400);
        assertThat(problem.get("field").asString()).isEqualTo("name");
        JsonNode ensemble = json(admin.post("/api/ensembles/import?name=e&dataset=d%00", "application/yaml", "a: 1\n"), 400);
        assertThat(ensemble.get("field").asString()).isEqualTo("dataset");
    }

    @Test // guards: a user created while another request holds the same name uncommitted is a 409 naming "name", not a 500
    void concurrentCreateOfTheSameUserNameIs409() throws Exception {
        String name = "racer-" + System.nanoTime();
        HttpResponse<String> lost = whileAnotherTransactionInserts(
                "INSERT INTO users (username, password_hash, role, created_at) VALUES (?, 'x', 'viewer', ?)", name,
                () -> admin.post("/api/users", "application/json",
                        "{\"name\": \"" + name + "\", \"password\": \"long-enough\", \"role\": \"viewer\"}"));
        JsonNode problem = json(lost, 409);
        assertThat(problem.get("field").asString()).isEqualTo("name");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM users WHERE username = ?").param(name).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test // guards: an MLflow experiment created while another request holds the same name is RESOURCE_ALREADY_EXISTS, not a 500
    void concurrentCreateOfTheSameMlflowExperimentNameIsAlreadyExists() throws Exception {
        String name = "racer-" + System.nanoTime();
        HttpResponse<String> lost = whileAnotherTransactionInserts(
                "INSERT INTO mlflow_experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time)"
                        + " VALUES (?, '', 'active', 0, ?)", name,
                () -> admin.post(MLFLOW + "/experiments/create", "application/json", "{\"name\": \"" + name + "\"}"));
        assertThat(lost.statusCode()).as(lost.body()).isEqualTo(400);
        assertThat(json(lost, 400).get("error_code").asString()).isEqualTo("RESOURCE_ALREADY_EXISTS");
    }

    @Test // guards: many simultaneous creates of one user name: one 201, the others 409, never a 500
    void simultaneousCreatesOfOneNameAnswerOneCreatedAndTheRestConflict() throws Exception {
        String name = "crowd-" + System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return admin.post("/api/users", "application/json",
                            "{\"name\": \"" + name + "\", \"password\": \"long-enough\", \"role\": \"viewer\"}").statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : answers) {
                statuses.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(statuses).containsOnly(201, 409).containsOnlyOnce(201);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test // guards: two admins deleted at the same moment never leave zero admins (the last-admin check is atomic)
    void concurrentDeletesOfTwoAdminsLeaveOne() throws Exception {
        for (int round = 0; round < 5; round++) {
            jdbc.sql("DELETE FROM users WHERE username LIKE 'twin-%'").update();
            // the bootstrap admin is removed from the count: only the twins are admins in this round
            jdbc.sql("UPDATE users SET role = 'member' WHERE username = 'admin'").update();
            List<Long> ids = new ArrayList<>();
            for (String twin : List.of("twin-a", "twin-b")) {
                ids.add(json(admin.post("/api/users", "application/json", "{\"name\": \"" + twin
                        + "\", \"password\": \"long-enough\", \"role\": \"admin\"}"), 201).get("id").asLong());
            }
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<Integer>> deletes = ids.stream().map(id -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                        return admin.delete("/api/users/" + id).statusCode();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })).toList();
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (CompletableFuture<Integer> d : deletes) {
                    statuses.add(d.get(60, TimeUnit.SECONDS));
                }
                assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(204, 409);
                assertThat(jdbc.sql("SELECT COUNT(*) FROM users WHERE role = 'admin'").query(Long.class).single())
                        .isEqualTo(1);
            } finally {
                jdbc.sql("UPDATE users SET role = 'admin' WHERE username = 'admin'").update();
            }
        }
    }

    /** Runs {@code request} while another connection holds an uncommitted row with {@code name}, then commits it. */
    private HttpResponse<String> whileAnotherTransactionInserts(String insert, String name, Request request) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                statement.setString(1, name);
                statement.setObject(2, insert.contains("users") ? Timestamp.from(Instant.now()) : 0L);
                statement.executeUpdate();
            }
            CompletableFuture<HttpResponse<String>> response = CompletableFuture.supplyAsync(() -> {
                try {
                    return request.send();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1500); // the request has checked the name (not visible yet) and waits on the unique index
            connection.commit();
            return response.get(60, TimeUnit.SECONDS);
        }
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    private interface Request {
        HttpResponse<String> send() throws Exception;
    }
}
