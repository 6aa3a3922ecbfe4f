package dev.foldhub.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication settings (application.yml maps FOLDHUB_ADMIN_TOKEN / FOLDHUB_ADMIN_PASSWORD here).
 *
 * @param adminToken    the admin API token made at first start (and registered on any later start if missing); random when blank
 * @param adminPassword the password of user {@code admin} made at first start; random when blank
 * @param tokenExpiry   expiry of a token created without "expiresAt"; null: tokens never expire
 * @param tokenCacheTtl how long an authenticated token is not looked up again; a revoked one still works this long on
 *                      other server replicas (at once on the one that revoked it); 0 looks every request up
 */
@ConfigurationProperties("foldhub.security")
public record SecurityProperties(String adminToken, String adminPassword, Duration tokenExpiry,
                                 @DefaultValue("10s") Duration tokenCacheTtl) {
}
