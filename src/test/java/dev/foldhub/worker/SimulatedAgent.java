package dev.foldhub.worker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A worker agent without training, over the real HTTP API: register, then lease, heartbeat and complete jobs
 * (with an optional tiny sleep as the "work") until the queue is empty. For the concurrency test and the benchmark.
 */
final class SimulatedAgent {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CPU = "{\"kind\": \"CPU\", \"index\": 0, \"memoryMb\": 0}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String name;

    SimulatedAgent(int port, String name) {
        this.base = "http://localhost:" + port + "/api/agent/workers";
        this.name = name;
    }

    void register() throws Exception {
        expect(post(base, "{\"name\": \"" + name + "\", \"devices\": [" + CPU + "]}"), 200);
    }

    /**
     * Runs jobs until a lease finds none; returns the ids it ran, in order.
     *
     * @param leaseNanos gets the duration of every successful lease call
     */
    List<Long> runUntilEmpty(long workMillis, LongConsumer leaseNanos) throws Exception {
        List<Long> ran = new ArrayList<>();
        while (true) {
            long start = System.nanoTime();
            HttpResponse<String> lease = post(base + "/" + name + "/lease", CPU);
            long took = System.nanoTime() - start;
            if (lease.statusCode() == 204) {
                return ran;
            }
            expect(lease, 200);
            leaseNanos.accept(took);
            JsonNode job = JSON.readTree(lease.body());
            String path = base + "/" + name + "/jobs/" + job.get("id").asLong() + "/";
            String query = "?lease=" + job.get("lease").asLong();
            if (workMillis > 0) {
                Thread.sleep(workMillis);
            }
            expect(post(path + "heartbeat" + query, "{}"), 200);
            expect(post(path + "complete" + query, "{}"), 204);
            ran.add(job.get("id").asLong());
        }
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + dev.foldhub.testsupport.HttpTestClient.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
