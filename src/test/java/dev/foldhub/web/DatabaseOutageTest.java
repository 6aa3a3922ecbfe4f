package dev.foldhub.web;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.testsupport.HttpTestClient;
import dev.foldhub.testsupport.PostgresSchema;
import dev.foldhub.testsupport.PostgresTestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A PostgreSQL that goes away (its TCP connections cut and new ones refused, through a proxy the test controls):
 * requests answer a 503 problem within a few seconds (the pool's connection timeout), and work again once it is back.
 */
@EnabledIf(value = "dev.foldhub.testsupport.PostgresSchema#available", disabledReason = "no PostgreSQL (see PostgresTestDatabase)")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.embedded=false",
        "spring.flyway.create-schemas=true",
        "spring.datasource.hikari.maximum-pool-size=4",
        "logging.level.com.zaxxer.hikari=OFF",
        "foldhub.data-dir=${java.io.tmpdir}/foldhub-database-outage-test"})
class DatabaseOutageTest {

    private static final PostgresSchema SCHEMA = PostgresSchema.fresh();
    private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+)(?::(\\d+))?/");
    private static TcpProxy proxy;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        PostgresTestDatabase.Connection c = PostgresTestDatabase.find().orElseThrow();
        Matcher m = HOST_PORT.matcher(c.url());
        assertThat(m.find()).as(c.url()).isTrue();
        proxy = new TcpProxy(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
        proxy.open(0);
        String url = c.url().substring(0, m.start()) + "//127.0.0.1:" + proxy.port() + "/" + c.url().substring(m.end());
        registry.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA.name());
        registry.add("spring.datasource.username", c::user);
        registry.add("spring.datasource.password", c::password);
        registry.add("spring.flyway.schemas", SCHEMA::name);
    }

    @AfterAll
    static void drop() {
        proxy.close();
        SCHEMA.drop();
    }

    @Test // guards: during an outage a request is a 503 problem after the pool's short timeout (not a 500 after 30 s); then it recovers
    void anUnreachableDatabaseAnswers503WithinSecondsAndRecovers() throws Exception {
        HttpTestClient client = new HttpTestClient(port);
        assertThat(client.get("/api/experiments").statusCode()).isEqualTo(200);
        assertThat(client.post("/api/2.0/mlflow/experiments/search", "application/json", "{}").statusCode()).isEqualTo(200);

        int proxyPort = proxy.port();
        proxy.close();

        long start = System.nanoTime();
        HttpResponse<String> jpa = client.get("/api/experiments");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(jpa.statusCode()).as(jpa.body()).isEqualTo(503);
        assertThat(seconds).as("seconds until the 503").isLessThan(12.0);
        JsonNode problem = json(jpa, 503);
        assertThat(problem.get("title").asString()).isEqualTo("Database unavailable");
        assertThat(jpa.headers().firstValue("Retry-After")).hasValue("5");

        // the pool now has no connection to give: the request waits the connection timeout (7 s), not Hikari's 30 s
        start = System.nanoTime();
        HttpResponse<String> mlflow = client.post("/api/2.0/mlflow/experiments/search", "application/json", "{}");
        double waited = (System.nanoTime() - start) / 1e9;
        assertThat(mlflow.statusCode()).as(mlflow.body()).isEqualTo(503);
        assertThat(waited).as("seconds until the 503").isLessThan(12.0);
        System.out.printf("503 after %.1f s (broken connection), %.1f s (no connection)%n", seconds, waited);
        assertThat(json(mlflow, 503).get("error_code").asString()).isEqualTo("TEMPORARILY_UNAVAILABLE");
        // a token not in the cache is looked up in the database: 503 as well, not a 401 or a 500
        HttpResponse<String> unknownToken = client.as("fh_not_cached_token_0123456789abcdef").get("/api/experiments");
        assertThat(unknownToken.statusCode()).as(unknownToken.body()).isEqualTo(503);

        proxy.open(proxyPort);
        HttpResponse<String> back = null;
        for (int attempt = 0; attempt < 10 && (back == null || back.statusCode() != 200); attempt++) {
            back = client.get("/api/experiments");
        }
        assertThat(back.statusCode()).isEqualTo(200);
    }

    /** Forwards TCP connections to PostgreSQL; close() cuts every connection and refuses new ones. */
    static final class TcpProxy {
        private final String host;
        private final int targetPort;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile ServerSocket server;
        private boolean closed;

        TcpProxy(String host, int targetPort) {
            this.host = host;
            this.targetPort = targetPort;
        }

        void open(int port) throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            synchronized (this) {
                server = s;
                closed = false;
            }
            Thread accept = new Thread(() -> {
                while (!s.isClosed()) {
                    try {
                        Socket client = s.accept();
                        // why: a connection accepted while close() runs is cut here, not left working after the outage
                        // began (it made the pool hand out a live connection: a 200 where the test expects a 503)
                        if (!register(client)) {
                            return;
                        }
                        Socket upstream = new Socket(host, targetPort);
                        if (!register(upstream)) {
                            return;
                        }
                        pump(client, upstream);
                        pump(upstream, client);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "outage-proxy-accept");
            accept.setDaemon(true);
            accept.start();
        }

        /** Keeps the socket to cut at close(), or closes it at once when the proxy is closed already. */
        private synchronized boolean register(Socket socket) throws IOException {
            if (closed) {
                socket.close();
                return false;
            }
            sockets.add(socket);
            return true;
        }

        int port() {
            return server.getLocalPort();
        }

        synchronized void close() {
            closed = true;
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            sockets.clear();
        }

        private static void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException ignored) {
                    // the proxy was closed
                } finally {
                    try {
                        to.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }, "outage-proxy-pump");
            t.setDaemon(true);
            t.start();
        }
    }
}
