package dev.foldhub.security;

import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.errors.NotFoundException;
import dev.foldhub.web.ResourceName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The api_tokens table: create (shown once), list, delete, and the bearer check of every request. */
@Service
public class ApiTokens {

    /** last_used_at is written at most this often per token, not on every request (nor on a cached one). */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    /** A token given in the configuration must be at least this long. */
    static final int MIN_CONFIGURED_LENGTH = 16;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecurityProperties properties;
    private final TokenCache cache;

    public ApiTokens(JdbcClient jdbc, Clock clock, SecurityProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.cache = new TokenCache(properties.tokenCacheTtl());
    }

    /** A new random token; {@code expiresAt} null means the configured default expiry (or none). */
    @Transactional
    public CreatedToken create(String name, String role, Instant expiresAt, String createdBy) {
        ResourceName.check(name);
        if (role == null) {
            throw new InvalidInputException("role", "is required: viewer, member, admin or worker");
        }
        Role parsed = Role.parse(role, "role");
        Instant now = now();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new InvalidInputException("expiresAt", "must be in the future, got " + expiresAt);
        }
        Instant expiry = expiresAt != null ? expiresAt
                : properties.tokenExpiry() == null ? null : now.plus(properties.tokenExpiry());
        return insert(TokenHash.newToken(), name, parsed, expiry, createdBy);
    }

    /** Stores a token given from outside (FOLDHUB_ADMIN_TOKEN) unless it is stored already; true when it was added. */
    @Transactional
    public boolean registerIfAbsent(String token, String name, Role role, String createdBy) {
        if (token.length() < MIN_CONFIGURED_LENGTH) {
            throw new IllegalArgumentException("a configured token must be at least " + MIN_CONFIGURED_LENGTH + " characters");
        }
        String hash = TokenHash.of(token);
        if (jdbc.sql("SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?").param(hash).query(Long.class).single() > 0) {
            return false;
        }
        insert(token, name, role, null, createdBy);
        return true;
    }

    public List<TokenView> list() {
        return jdbc.sql("SELECT * FROM api_tokens ORDER BY id").query(ApiTokens::view).list();
    }

    @Transactional
    public void delete(long id) {
        if (jdbc.sql("DELETE FROM api_tokens WHERE id = ?").param(id).update() == 0) {
            throw new NotFoundException("token", id);
        }
        // why: after the commit, so that no request reads the row again (and caches it) once it is forgotten
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    cache.revoked();
                }
            });
        } else {
            cache.revoked();
        }
    }

    /**
     * The caller a bearer token stands for, if it is stored and not expired. A token that authenticated within
     * {@code foldhub.security.token-cache-ttl} is not looked up again; its expiry is checked on every call.
     */
    public Optional<Caller> authenticate(String token) {
        String hash = TokenHash.of(token);
        Instant now = clock.instant();
        Optional<TokenCache.Entry> entry = cache.find(hash, now).or(() -> lookUp(hash, now));
        if (entry.isEmpty() || expired(entry.get().expiresAt(), now)) {
            return Optional.empty();
        }
        return Optional.of(entry.get().caller());
    }

    private Optional<TokenCache.Entry> lookUp(String hash, Instant now) {
        long revocations = cache.revocations();
        Optional<TokenView> found = jdbc.sql("SELECT * FROM api_tokens WHERE token_hash = ?")
                .param(hash).query(ApiTokens::view).optional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        TokenView view = found.get();
        if (!expired(view.expiresAt(), now) && (view.lastUsedAt() == null || view.lastUsedAt().isBefore(now.minus(TOUCH_EVERY)))) {
            jdbc.sql("UPDATE api_tokens SET last_used_at = ? WHERE id = ?").params(Timestamp.from(now), view.id()).update();
        }
        TokenCache.Entry entry = new TokenCache.Entry(new Caller(view.name(), Role.parse(view.role(), "role"), view.id()),
                view.expiresAt(), now);
        cache.put(hash, entry, revocations);
        return Optional.of(entry);
    }

    private static boolean expired(Instant expiresAt, Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    private CreatedToken insert(String token, String name, Role role, Instant expiresAt, String createdBy) {
        Instant now = now();
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO api_tokens (name, role, token_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(name, role.key(), TokenHash.of(token), createdBy, Timestamp.from(now),
                        expiresAt == null ? null : Timestamp.from(expiresAt))
                .update(keys, "id");
        return new CreatedToken(keys.getKey().longValue(), token, name, role.key(), createdBy, now, expiresAt);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS); // why: what PostgreSQL stores
    }

    private static TokenView view(ResultSet rs, int row) throws SQLException {
        return new TokenView(rs.getLong("id"), rs.getString("name"), rs.getString("role"), rs.getString("created_by"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("expires_at")),
                instant(rs.getTimestamp("last_used_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
