package dev.foldhub.security;

import java.time.Instant;

/** A token just created: the only time {@code token} is ever returned. */
public record CreatedToken(long id, String token, String name, String role, String createdBy, Instant createdAt,
                           Instant expiresAt) {
}
