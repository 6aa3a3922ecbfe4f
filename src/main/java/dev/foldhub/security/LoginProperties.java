package dev.foldhub.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The dashboard login's throttle.
 *
 * @param maxFailures      failed logins per user name within {@code window} before that name is refused (429)
 * @param maxFailuresPerIp failed logins from one address within {@code window} before it is refused (429)
 * @param window           how long a failure counts
 */
@ConfigurationProperties("foldhub.security.login")
public record LoginProperties(@DefaultValue("5") int maxFailures, @DefaultValue("20") int maxFailuresPerIp,
                              @DefaultValue("15m") Duration window) {
}
