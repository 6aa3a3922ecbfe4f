package dev.foldhub.ensemble;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Blend settings of the server.
 *
 * @param warmUp once the server is ready, run a small synthetic blend in the background ({@link BlendWarmUp}), so that
 *               the first BLEND job after a start runs compiled code instead of paying for the JIT compiler itself
 */
@ConfigurationProperties("foldhub.blend")
public record BlendProperties(@DefaultValue("true") boolean warmUp) {
}
