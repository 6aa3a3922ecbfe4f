package dev.foldhub.testsupport;

import static dev.foldhub.testsupport.HttpTestClient.json;

import dev.foldhub.FoldhubApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;

/**
 * Real server and worker-agent processes for fault tests (the jar's main class on the test classpath), their logs in
 * one directory, and the waits a test needs; {@link #close()} kills whatever is still running.
 */
public final class ProcessRig implements AutoCloseable {

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();

    public ProcessRig(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Starts a server with the given extra arguments and waits until its health answers 200. */
    public Process startServer(int port, List<String> jvmOptions, List<String> args, String logName) throws Exception {
        List<String> all = new ArrayList<>(List.of("--server.port=" + port, "--foldhub.data-dir=" + dir.resolve("data")));
        all.addAll(args);
        Process server = JavaProcess.start(jvmOptions, FoldhubApplication.class.getName(), all, dir.resolve(logName));
        processes.add(server);
        HttpTestClient client = new HttpTestClient(port);
        await(() -> {
            try {
                return client.get("/actuator/health").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofMinutes(8), "the server to start");
        return server;
    }

    /** Starts a remote worker agent with a worker token of its own, talking to {@code serverUrl}. */
    public Process startAgent(int serverPort, String serverUrl, String name, List<String> extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("worker", "--server", serverUrl, "--token", workerToken(serverPort, name),
                "--devices", "cpu:1", "--name", name, "--work-dir", dir.resolve("work-" + name).toString(),
                "--foldhub.agent.max-backoff=2s"));
        args.addAll(extraArgs);
        Process agent = JavaProcess.start(List.of("-Dai.djl.pytorch.num_threads=2"), FoldhubApplication.class.getName(), args,
                dir.resolve("agent-" + name + ".log"));
        processes.add(agent);
        return agent;
    }

    /** A worker-role API token, made by the admin as a team would (POST /api/tokens). */
    public static String workerToken(int port, String name) throws Exception {
        return json(new HttpTestClient(port).post("/api/tokens", "application/json",
                "{\"name\": \"" + name + "-" + System.nanoTime() + "\", \"role\": \"worker\"}"), 201).get("token").asString();
    }

    /** Registers the data set at {@code datasetDir} as 'tiny' and queues fold 0 of {@code config}; returns experiment and job ids. */
    public static long[] createExperiment(HttpTestClient client, Path datasetDir, String name, String config) throws Exception {
        json(client.post("/api/datasets", "application/json",
                "{\"name\": \"tiny\", \"path\": \"" + datasetDir.toAbsolutePath() + "\"}"), 201);
        JsonNode created = json(client.post("/api/experiments?name=" + name + "&dataset=tiny&folds=0", "application/yaml",
                config), 201);
        return new long[] {created.get("id").asLong(), created.get("jobIds").get(0).asLong()};
    }

    /** Epoch numbers recorded for fold 0, in order ([] while the server does not answer). */
    public static List<Integer> epochs(HttpTestClient client, long experiment) {
        List<Integer> numbers = new ArrayList<>();
        try {
            var response = client.get("/api/experiments/" + experiment + "/folds/0/epochs");
            if (response.statusCode() == 200) {
                json(response, 200).forEach(e -> numbers.add(e.get("epoch").asInt()));
            }
        } catch (Exception e) {
            // the server is down or starting: no epochs seen
        }
        return numbers;
    }

    /** Waits until the experiment is SUCCEEDED, FAILED or CANCELLED and returns it. */
    public JsonNode awaitExperiment(HttpTestClient client, long experiment, Duration timeout) throws Exception {
        JsonNode[] last = new JsonNode[1];
        await(() -> {
            try {
                var response = client.get("/api/experiments/" + experiment);
                if (response.statusCode() != 200) {
                    return false;
                }
                last[0] = json(response, 200);
                return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(last[0].get("status").asString());
            } catch (Exception e) {
                return false;
            }
        }, timeout, "experiment " + experiment + " to finish");
        return last[0];
    }

    /** Polls until the condition holds; on time-out fails with the processes' logs. */
    public void await(BooleanSupplier condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + logs());
            }
            Thread.sleep(300);
        }
    }

    /** The end of every process log, for a failure message. */
    public String logs() throws IOException {
        StringBuilder logs = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                String text = JavaProcess.read(log);
                logs.append("\n--- ").append(log.getFileName()).append(" ---\n")
                        .append(text, Math.max(0, text.length() - 6000), text.length());
            }
        }
        return logs.toString();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }
}
