package dev.foldhub.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;

/**
 * A remote agent's HTTP transport to the server: requests with {@code Authorization: Bearer <token>}, JSON bodies,
 * and one place that turns a connection failure into {@link ServerUnavailableException} (retried by {@link Retries})
 * and a non-2xx answer into what {@link ServerAnswer} makes of it. Tries each call once.
 */
final class AgentHttpClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String server;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AgentHttpClient(String server, String token) {
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.token = token;
    }

    /** The server's base address, without a trailing slash. */
    String server() {
        return server;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server + path));
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    /** A POST of {@code body} as JSON ({@code {}} for null). */
    HttpRequest.Builder post(String path, Object body) {
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : JSON.writeValueAsString(body)));
    }

    /** A PUT of a file's bytes. */
    HttpRequest.Builder put(String path, Path file) {
        try {
            return request(path).header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofFile(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A PUT of bytes in memory. */
    HttpRequest.Builder put(String path, byte[] body) {
        return request(path).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** The body of a 2xx answer (empty for 204). */
    byte[] send(HttpRequest.Builder builder, int timeoutSeconds) {
        HttpRequest request = builder.timeout(Duration.ofSeconds(timeoutSeconds)).build();
        HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
        ServerAnswer.check(call(request), response.statusCode(), response.body());
        return response.body();
    }

    /** The JSON body of a 2xx answer as a {@code type}. */
    <T> T send(HttpRequest.Builder builder, int timeoutSeconds, Class<T> type) {
        return JSON.readValue(send(builder, timeoutSeconds), type);
    }

    /** A 2xx answer's JSON body as a {@code type}, or null for an empty body (204). */
    <T> T sendOrNone(HttpRequest.Builder builder, int timeoutSeconds, Class<T> type) {
        byte[] body = send(builder, timeoutSeconds);
        return body.length == 0 ? null : JSON.readValue(body, type);
    }

    /** Sends {@code request} whatever it answers; a connection failure or an interrupt is the server unavailable. */
    <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new ServerUnavailableException(call(request) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnavailableException("interrupted", e);
        }
    }

    /** The call as messages name it: "GET /api/agent/...". */
    static String call(HttpRequest request) {
        return request.method() + " " + request.uri().getPath();
    }
}
