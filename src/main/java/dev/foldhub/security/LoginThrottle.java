package dev.foldhub.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Counts failed dashboard logins per user name and per client address in a fixed window; past the limit a login
 * is refused before its password is checked (so guessing costs a window per few tries). In memory, per server.
 */
@Component
class LoginThrottle {

    /** Counters kept at most; beyond it expired ones are dropped (a flood of made-up names cannot fill the heap). */
    private static final int MAX_KEYS = 100_000;

    private record Window(Instant start, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final LoginProperties properties;
    private final Clock clock;

    LoginThrottle(LoginProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** How long until {@code user} or {@code address} may try again; zero when neither is over its limit. */
    Duration retryAfter(String user, String address) {
        return max(wait(userKey(user), properties.maxFailures()), wait("ip:" + address, properties.maxFailuresPerIp()));
    }

    void failed(String user, String address) {
        if (windows.size() > MAX_KEYS) {
            Instant now = clock.instant();
            windows.values().removeIf(w -> !w.start().plus(properties.window()).isAfter(now));
        }
        count(userKey(user));
        count("ip:" + address);
    }

    /** A correct password clears the name's failures (a user's own typos do not lock them out later). */
    void succeeded(String user) {
        windows.remove(userKey(user));
    }

    private void count(String key) {
        Instant now = clock.instant();
        windows.compute(key, (k, w) -> w == null || !w.start().plus(properties.window()).isAfter(now)
                ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
    }

    private Duration wait(String key, int limit) {
        Window w = windows.get(key);
        if (w == null || w.failures() < limit) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), w.start().plus(properties.window()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static String userKey(String user) {
        return "user:" + (user == null ? "" : user.strip());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
