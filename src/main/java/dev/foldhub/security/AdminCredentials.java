package dev.foldhub.security;

import java.nio.file.Path;

/**
 * What the first start made for user admin: the password and the token, each null when it came from the
 * configuration (FOLDHUB_ADMIN_PASSWORD / FOLDHUB_ADMIN_TOKEN) rather than chance, and the owner-only file the
 * random ones were written to (null when none was random). The log names the file, never the secrets.
 */
public record AdminCredentials(String user, String password, String token, Path file) {
}
