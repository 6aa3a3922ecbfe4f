package dev.foldhub.security;

import java.time.Instant;

/** POST /api/tokens: {"name", "role", "expiresAt"} (expiresAt optional, ISO-8601). */
record TokenRequest(String name, String role, Instant expiresAt) {
}
