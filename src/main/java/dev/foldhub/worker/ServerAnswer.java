package dev.foldhub.worker;

import dev.foldhub.errors.ProblemTypes;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an agent makes of the server's answer to a call, by status and ProblemDetail type: 2xx is fine; the
 * lease-lost type stops the job ({@link LeaseLostException}); 5xx and 429 are worth retrying
 * ({@link ServerUnavailableException}); any other 4xx is a refusal that fails the job with the server's message
 * ({@link RequestRejectedException}).
 */
final class ServerAnswer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_TEXT = 2000;

    private ServerAnswer() {
    }

    /** Throws unless {@code status} is 2xx; {@code call} names the request ("GET /api/.../task"). */
    static void check(String call, int status, byte[] body) {
        if (status >= 200 && status < 300) {
            return;
        }
        if (status >= 500 || status == 429) {
            throw new ServerUnavailableException(call + " answered " + status, null);
        }
        JsonNode problem = problem(body);
        String detail = problem != null && problem.hasNonNull("detail") ? problem.get("detail").asString() : text(body);
        if (problem != null && ProblemTypes.LEASE_LOST.toString().equals(problem.path("type").asString(""))) {
            throw new LeaseLostException(status + " " + detail);
        }
        throw new RequestRejectedException(call + " refused (" + status + "): " + detail);
    }

    private static JsonNode problem(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (RuntimeException e) {
            return null; // not JSON: a proxy's page, say
        }
    }

    private static String text(byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }
}
