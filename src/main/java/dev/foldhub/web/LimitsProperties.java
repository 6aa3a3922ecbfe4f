package dev.foldhub.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How much one request may carry; going over a size is a 413 ProblemDetail, over a count or depth a 400,
 * each naming the field and the property ({@code "limit": "foldhub.limits.max-yaml-size"}).
 *
 * @param maxUploadSize        one file: a part of a multipart upload (level1 .npy files, ensemble.yml) or a whole
 *                             application/octet-stream body (a worker's resume checkpoint, about 3x the model)
 * @param maxRequestSize       a whole multipart request
 * @param maxBodySize          any other request body: JSON, YAML, a PUT folds.npy
 * @param maxYamlSize          an experiment config or ensemble file, in bytes (SnakeYAML scans a long scalar in
 *                             quadratic time: 64 KB parse in ~0.1 s, 256 KB in ~2 s)
 * @param maxYamlDepth         nesting of YAML mappings and lists
 * @param maxYamlAliases       YAML aliases to collections (guards against "billion laughs")
 * @param maxJsonDepth         nesting of JSON objects and arrays in a request body
 * @param maxJsonStringLength  one JSON string value (an experiment's config travels as one), in characters
 * @param maxMetricsPerRequest metrics, epochs or other entries one request may report
 */
@ConfigurationProperties("foldhub.limits")
public record LimitsProperties(
        @DefaultValue("2GB") DataSize maxUploadSize,
        @DefaultValue("4GB") DataSize maxRequestSize,
        @DefaultValue("16MB") DataSize maxBodySize,
        @DefaultValue("64KB") DataSize maxYamlSize,
        @DefaultValue("32") int maxYamlDepth,
        @DefaultValue("50") int maxYamlAliases,
        @DefaultValue("64") int maxJsonDepth,
        @DefaultValue("1000000") int maxJsonStringLength,
        @DefaultValue("1000") int maxMetricsPerRequest) {
}
