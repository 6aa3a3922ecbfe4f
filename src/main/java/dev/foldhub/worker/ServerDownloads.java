package dev.foldhub.worker;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Files a remote agent downloads from the server, streamed to disk so a reader never sees half a file. */
final class ServerDownloads {

    /** The most of an error answer's body read back for its message. */
    private static final long MAX_PROBLEM_BYTES = 64 * 1024;

    private final AgentHttpClient http;

    ServerDownloads(AgentHttpClient http) {
        this.http = http;
    }

    /** Streams a GET's 200 body to {@code target} (via a .download file); false for 204 or 404 (the server has none). */
    boolean download(String path, Path target) {
        HttpRequest request = http.request(path).GET().timeout(Duration.ofSeconds(600)).build();
        Path part = target.resolveSibling(target.getFileName() + ".download");
        HttpResponse<Path> response;
        try {
            response = http.exchange(request, HttpResponse.BodyHandlers.ofFile(part));
        } catch (ServerUnavailableException e) {
            LocalFiles.deleteQuietly(part);
            throw e;
        }
        int status = response.statusCode();
        if (status == 200) {
            LocalFiles.move(part, target);
            return true;
        }
        byte[] problem = status >= 400 ? readQuietly(part) : new byte[0];
        LocalFiles.deleteQuietly(part);
        if (status == 204 || status == 404) {
            return false;
        }
        ServerAnswer.check(AgentHttpClient.call(request), status, problem);
        throw new RequestRejectedException(AgentHttpClient.call(request) + " answered " + status);
    }

    private static byte[] readQuietly(Path file) {
        try {
            return Files.size(file) <= MAX_PROBLEM_BYTES ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
