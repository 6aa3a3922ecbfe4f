package dev.foldhub.worker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A worker agent without training, over the real HTTP API: register, then lease, heartbeat and complete jobs
 * (with a sleep as the "work"). For the concurrency test and the lease benchmark.
 */
final class SimulatedAgent {

    /** The "work" of a job: a duration drawn from [minMs, maxMs], with a heartbeat every heartbeatMs (at least one). */
    record Work(int minMs, int maxMs, int heartbeatMs) {
    }

    /** How long each call took (nanoseconds), by endpoint; {@code emptyLeases} counts leases that found no job. */
    record Timings(Latencies lease, Latencies heartbeat, Latencies complete, int[] emptyLeases) {
        static Timings create() {
            return new Timings(new Latencies(), new Latencies(), new Latencies(), new int[1]);
        }
    }

    /** What a POST to the url answered. */
    record Reply(String url, int status, String body) {
    }

    /** How the agent POSTs a JSON body with its bearer token. */
    interface Transport {
        Reply post(String url, String token, String body) throws Exception;

        /** Java's HttpClient (one per agent by default, as on separate machines). */
        static Transport of(HttpClient http) {
            return (url, token, body) -> {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                return new Reply(url, r.statusCode(), r.body());
            };
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CPU = "{\"kind\": \"CPU\", \"index\": 0, \"memoryMb\": 0}";

    private final Transport http;
    private final String base;
    private final String token;
    private final String name;

    SimulatedAgent(int port, String name) {
        this(Transport.of(HttpClient.newHttpClient()), "http://localhost:" + port, dev.foldhub.testsupport.HttpTestClient.ADMIN_TOKEN,
                name);
    }

    SimulatedAgent(Transport http, String server, String token, String name) {
        this.http = http;
        this.base = server + "/api/agent/workers";
        this.token = token;
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
            Reply lease = post(base + "/" + name + "/lease", CPU);
            long took = System.nanoTime() - start;
            if (lease.status() == 204) {
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

    /**
     * Leases, works (heartbeating) and completes jobs until {@code deadline} (System.nanoTime); a lease that finds
     * no job is retried after {@code work.minMs}. Returns the number of jobs leased before the deadline.
     */
    int runUntil(long deadline, Work work, SplittableRandom random, Timings timings) throws Exception {
        int leased = 0;
        while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            Reply lease = post(base + "/" + name + "/lease", CPU);
            long took = System.nanoTime() - start;
            if (lease.status() == 204) {
                timings.emptyLeases()[0]++;
                Thread.sleep(Math.max(1, work.minMs()));
                continue;
            }
            expect(lease, 200);
            timings.lease().add(took);
            leased++;
            JsonNode job = JSON.readTree(lease.body());
            String path = base + "/" + name + "/jobs/" + job.get("id").asLong() + "/";
            String query = "?lease=" + job.get("lease").asLong();
            long left = work.minMs() + random.nextInt(work.maxMs() - work.minMs() + 1);
            do { // heartbeat, then work one interval: a job gets ceil(duration / interval) heartbeats, at least one
                long beat = System.nanoTime();
                expect(post(path + "heartbeat" + query, "{}"), 200);
                timings.heartbeat().add(System.nanoTime() - beat);
                long slice = Math.min(left, work.heartbeatMs());
                Thread.sleep(slice);
                left -= slice;
            } while (left > 0);
            long end = System.nanoTime();
            expect(post(path + "complete" + query, "{}"), 204);
            timings.complete().add(System.nanoTime() - end);
        }
        return leased;
    }

    private Reply post(String url, String body) throws Exception {
        return http.post(url, token, body);
    }

    private static void expect(Reply reply, int status) {
        if (reply.status() != status) {
            throw new IllegalStateException(reply.url() + " answered " + reply.status() + ": " + reply.body());
        }
    }
}
