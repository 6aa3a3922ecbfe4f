package dev.foldhub.testsupport;

import org.junit.jupiter.api.Assumptions;
import org.opentest4j.AssertionFailedError;

/**
 * What a test does when something it needs (PostgreSQL, Chromium, ../shared/reference) is not on the machine:
 * outside CI it is skipped with a message saying what to install; with {@code CI=true} it fails, so a CI run
 * that lost a capability is red instead of green with fewer tests.
 */
public final class Capability {

    private Capability() {
    }

    /** Whether this run is CI ({@code CI=true}, as GitHub Actions, GitLab and .ci/run set it). */
    public static boolean inCi() {
        return isCi(System.getenv("CI"));
    }

    /** Returns when {@code present}; otherwise fails the test in CI and skips it elsewhere, with {@code message}. */
    public static void require(boolean present, String message) {
        require(present, message, System.getenv("CI"));
    }

    /** Throws (failing the test or the {@code @EnabledIf} condition that called it) when this run is CI. */
    public static void failInCi(String message) {
        failInCi(message, System.getenv("CI"));
    }

    static void require(boolean present, String message, String ciVariable) {
        if (present) {
            return;
        }
        failInCi(message, ciVariable);
        Assumptions.abort(message);
    }

    static void failInCi(String message, String ciVariable) {
        if (isCi(ciVariable)) {
            throw new AssertionFailedError("missing in CI (CI=true fails where a local run skips): "
                    + message.replaceFirst("^skipped: ", ""));
        }
    }

    private static boolean isCi(String ciVariable) {
        return "true".equalsIgnoreCase(ciVariable);
    }
}
