package dev.foldhub.web;

import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.yaml.YamlLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * The checks of {@link LimitsProperties} a service calls on what it was sent: a list of metrics, a YAML
 * document. Each failure is an {@link InvalidInputException} naming the field, with a "limit" property.
 */
@Component
public class RequestLimits {

    private static final String YAML_PROPERTY = "foldhub.limits.max-yaml-size";

    private final LimitsProperties limits;

    public RequestLimits(LimitsProperties limits) {
        this.limits = limits;
    }

    /** A list of metrics (epochs, ...) of one request: a 400 naming the field beyond max-metrics-per-request. */
    public void metrics(String field, Collection<?> items) {
        atMost(field, items == null ? 0 : items.size(), limits.maxMetricsPerRequest(),
                "foldhub.limits.max-metrics-per-request");
    }

    /** A 400 naming the field when count is over max; property names the setting that sets max. */
    public static void atMost(String field, int count, int max, String property) {
        if (count > max) {
            throw InvalidInputException.overLimit(field, "has " + count + " entries; at most " + max
                    + " are allowed in one request", property);
        }
    }

    /** A YAML document before it is parsed: a 413 naming the field when it is over max-yaml-size bytes. */
    public void yamlSize(String field, String yaml) {
        long max = limits.maxYamlSize().toBytes();
        if (yaml != null && yaml.length() * 3L > max && yaml.getBytes(StandardCharsets.UTF_8).length > max) {
            throw tooLarge(field, "is larger than " + max + " bytes", YAML_PROPERTY);
        }
    }

    /**
     * A YAML file part's text, read only when its size is within max-yaml-size bytes (a 413 naming the field
     * otherwise, before it is read); the read itself stops there too.
     */
    public String yamlPart(String field, MultipartFile part) throws IOException {
        long max = limits.maxYamlSize().toBytes();
        return new String(BoundedBody.read(part.getInputStream(), part.getSize(), max, field, YAML_PROPERTY),
                StandardCharsets.UTF_8);
    }

    /** The parser limits for user YAML: size, depth and aliases as configured. */
    public YamlLimits yaml() {
        return new YamlLimits((int) Math.min(Integer.MAX_VALUE, limits.maxYamlSize().toBytes()),
                limits.maxYamlDepth(), limits.maxYamlAliases());
    }

    /** A 413 naming the field and the property of the limit it went over. */
    public static InvalidInputException tooLarge(String field, String message, String property) {
        return InvalidInputException.tooLarge(field, message, property);
    }
}
