package dev.foldhub.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Authentication settings (application.yml maps FOLDHUB_ADMIN_TOKEN / FOLDHUB_ADMIN_PASSWORD here).
 *
 * @param adminToken    the admin API token made at first start (and registered on any later start if missing); random when blank
 * @param adminPassword the password of user {@code admin} made at first start; random when blank
 * @param tokenExpiry   expiry of a token created without "expiresAt"; null: tokens never expire
 */
@ConfigurationProperties("foldhub.security")
public record SecurityProperties(String adminToken, String adminPassword, Duration tokenExpiry) {
}
