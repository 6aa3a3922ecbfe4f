package dev.foldhub.bundle;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * foldhub.bundle.*: the Kaggle bundle's Java runtime.
 *
 * @param runtime whether a bundle carries a jlink'ed runtime (needs the JDK's jmods; without them, or false, predict.sh
 *                runs {@code java} on PATH)
 * @param modules the runtime's modules (jdeps of the predict path: image decoding needs java.desktop)
 */
@ConfigurationProperties("foldhub.bundle")
public record BundleProperties(
        @DefaultValue("true") boolean runtime,
        @DefaultValue({"java.base", "java.compiler", "java.desktop", "java.logging", "java.management", "java.naming",
                "java.sql", "jdk.unsupported"}) List<String> modules) {
}
