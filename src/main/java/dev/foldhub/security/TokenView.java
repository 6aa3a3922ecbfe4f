package dev.foldhub.security;

import java.time.Instant;

/** A stored API token as listed: never the token itself, which is shown only when it is created. */
public record TokenView(long id, String name, String role, String createdBy, Instant createdAt, Instant expiresAt,
                        Instant lastUsedAt) {
}
