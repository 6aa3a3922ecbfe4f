package dev.foldhub.mlflow;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MLflow's page tokens: base64 of {"offset": n}, the position of the next page in the ordered results. */
final class PageToken {

    private static final Pattern OFFSET = Pattern.compile("\\{\\s*\"offset\"\\s*:\\s*(\\d{1,9})\\s*}");

    private PageToken() {
    }

    static String encode(int offset) {
        return Base64.getEncoder().encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** 0 for no token; INVALID_PARAMETER_VALUE for one this server did not make. */
    static int decode(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            Matcher m = OFFSET.matcher(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
            if (m.matches()) {
                return Integer.parseInt(m.group(1));
            }
        } catch (IllegalArgumentException e) {
            // not base64: reported below
        }
        throw MlflowException.invalid("Invalid page token '" + token + "'");
    }

    /** The token of the page after [offset, offset + pageSize) of total results, or null when that was the last. */
    static String next(int offset, int pageSize, int total) {
        return offset + pageSize < total ? encode(offset + pageSize) : null;
    }
}
