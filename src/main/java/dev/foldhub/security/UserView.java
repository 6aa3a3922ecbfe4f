package dev.foldhub.security;

import java.time.Instant;

/** A dashboard user as listed: never the password hash. */
public record UserView(long id, String name, String role, Instant createdAt) {
}
