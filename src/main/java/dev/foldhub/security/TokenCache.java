package dev.foldhub.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens that authenticated recently, by their hash, so that not every request looks its token up in the
 * database. An entry lives {@code ttl} (zero: no caching); a revocation in this process empties the cache at once,
 * other server replicas see it within {@code ttl}. Only stored tokens get in, and at most {@link #MAX_ENTRIES}.
 */
final class TokenCache {

    static final int MAX_ENTRIES = 10_000;

    /** A stored token as the bearer check needs it; {@code expiresAt} null = no expiry. */
    record Entry(Caller caller, Instant expiresAt, Instant cachedAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong revocations = new AtomicLong();
    private final Duration ttl;

    TokenCache(Duration ttl) {
        this.ttl = ttl == null || ttl.isNegative() ? Duration.ZERO : ttl;
    }

    /** The entry cached for the hash within the last {@code ttl}. */
    Optional<Entry> find(String hash, Instant now) {
        Entry entry = entries.get(hash);
        if (entry == null) {
            return Optional.empty();
        }
        if (!now.isBefore(entry.cachedAt().plus(ttl))) {
            entries.remove(hash, entry);
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    /** Read before looking a token up in the database; {@link #put} keeps the result only if nothing was revoked since. */
    long revocations() {
        return revocations.get();
    }

    void put(String hash, Entry entry, long revocationsBeforeLookup) {
        if (ttl.isZero()) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear(); // why: a crude bound, only stored tokens get in; they are looked up again on their next call
        }
        entries.put(hash, entry);
        // why: a revocation that committed after the lookup read the row must not leave it cached; revoked() counts
        // up before it clears, so either this sees the new count or the clear comes after this put
        if (revocations.get() != revocationsBeforeLookup) {
            entries.remove(hash, entry);
        }
    }

    /** A token was revoked (after its DELETE committed): forget every entry. */
    void revoked() {
        revocations.incrementAndGet();
        entries.clear();
    }
}
