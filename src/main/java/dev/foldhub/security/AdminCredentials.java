package dev.foldhub.security;

/**
 * What the first start made for user admin, to show once: the password and the token, each null when
 * it came from the configuration (FOLDHUB_ADMIN_PASSWORD / FOLDHUB_ADMIN_TOKEN) rather than chance.
 */
public record AdminCredentials(String user, String password, String token) {
}
