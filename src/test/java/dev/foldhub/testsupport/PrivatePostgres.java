package dev.foldhub.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster of its own (initdb + pg_ctl from the machine's PostgreSQL binaries), so a test can
 * stop and restart the database under a running server without touching the shared one other tests use.
 * As root, the cluster runs as the {@code postgres} user (initdb refuses root).
 */
public final class PrivatePostgres implements AutoCloseable {

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;

    private PrivatePostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** The newest installed PostgreSQL's bin directory, if any. */
    public static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> b.getParent().getFileName().toString(), Comparator.comparingInt(String::length)
                            .thenComparing(Comparator.naturalOrder())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Makes and starts a new cluster on a free port (trust authentication, user postgres). */
    public static PrivatePostgres start() throws IOException, InterruptedException {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException("no PostgreSQL binaries under /usr/lib/postgresql"));
        Path dir = Files.createTempDirectory("foldhub-pg");
        PrivatePostgres cluster = new PrivatePostgres(bin, dir, freePort());
        cluster.chownToPostgres();
        cluster.run(List.of(bin.resolve("initdb").toString(), "-D", cluster.data.toString(), "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--no-sync"));
        cluster.startServer();
        return cluster;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Starts the stopped cluster again on the same port. */
    public void startServer() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("postgres.log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "-w", "-t", "60", "start"));
    }

    /** Stops the cluster the hard way (mode immediate: no checkpoint, clients cut off, as in a crash). */
    public void stopServer() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
    }

    @Override
    public void close() {
        try {
            stopServer();
        } catch (Exception e) {
            System.err.println("could not stop the private PostgreSQL in " + dir + ": " + e);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    private void chownToPostgres() throws IOException, InterruptedException {
        if (isRoot()) {
            exec(List.of("chown", "postgres:", dir.toString()));
        }
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        exec(full);
    }

    private void exec(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("foldhub-pg-cmd", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: " + Files.readString(out)
                        + "\n" + JavaProcess.read(dir.resolve("postgres.log")));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
