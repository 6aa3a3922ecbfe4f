package dev.foldhub.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.testsupport.MigratedDatabase;
import dev.foldhub.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bearer check's cache: a revoked or expired token stops working; a row gone elsewhere is forgotten within the TTL. */
class TokenCacheTest {

    private static final Duration TTL = Duration.ofSeconds(10);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final MigratedDatabase db = MigratedDatabase.h2();

    @AfterEach
    void close() {
        db.close();
    }

    @Test // guards: revoking in this process refuses the token at once, though it was just cached
    void revokedTokenIsRefusedAtOnce() {
        ApiTokens tokens = tokens(TTL);
        CreatedToken created = tokens.create("ci", "worker", null, "admin");
        assertThat(tokens.authenticate(created.token())).map(Caller::name).hasValue("ci");
        tokens.delete(created.id());
        assertThat(tokens.authenticate(created.token())).isEmpty();
    }

    @Test // guards: a token deleted by another replica works here at most the TTL longer (the documented bound)
    void rowDeletedElsewhereIsForgottenWithinTheTtl() {
        ApiTokens tokens = tokens(TTL);
        CreatedToken created = tokens.create("ci", "worker", null, "admin");
        assertThat(tokens.authenticate(created.token())).isPresent();
        db.jdbc().sql("DELETE FROM api_tokens WHERE id = ?").param(created.id()).update();
        clock.advance(TTL.minusMillis(1));
        assertThat(tokens.authenticate(created.token())).as("cached, not looked up").isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(tokens.authenticate(created.token())).isEmpty();
    }

    @Test // guards: a cached token is refused from its expiry on, not at the end of its cache entry
    void cachedTokenExpiresOnTime() {
        ApiTokens tokens = tokens(TTL);
        String token = tokens.create("short", "viewer", clock.instant().plusSeconds(5), "admin").token();
        assertThat(tokens.authenticate(token)).isPresent();
        clock.advance(Duration.ofSeconds(5));
        assertThat(tokens.authenticate(token)).isEmpty();
    }

    @Test // guards: token-cache-ttl 0 looks every request up
    void zeroTtlLooksEveryRequestUp() {
        ApiTokens tokens = tokens(Duration.ZERO);
        CreatedToken created = tokens.create("ci", "worker", null, "admin");
        assertThat(tokens.authenticate(created.token())).isPresent();
        db.jdbc().sql("DELETE FROM api_tokens WHERE id = ?").param(created.id()).update();
        assertThat(tokens.authenticate(created.token())).isEmpty();
    }

    @Test // guards: a lookup that read the row before a revocation committed does not cache it afterwards
    void lookupOvertakenByARevocationIsNotKept() {
        TokenCache cache = new TokenCache(TTL);
        TokenCache.Entry entry = new TokenCache.Entry(new Caller("ci", Role.WORKER, 1L), null, clock.instant());
        long before = cache.revocations();
        cache.revoked();
        cache.put("hash", entry, before);
        assertThat(cache.find("hash", clock.instant())).isEmpty();
        cache.put("hash", entry, cache.revocations());
        assertThat(cache.find("hash", clock.instant())).hasValue(entry);
    }

    private ApiTokens tokens(Duration ttl) {
        return new ApiTokens(db.jdbc(), clock, new SecurityProperties(null, null, null, ttl));
    }
}
