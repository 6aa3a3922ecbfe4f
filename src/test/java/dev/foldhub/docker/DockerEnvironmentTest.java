package dev.foldhub.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.yaml.snakeyaml.Yaml;

/**
 * Every FOLDHUB_* / SPRING_* variable that docker/docker-compose.yml and the Dockerfiles set reaches the application:
 * it is the environment form of a real configuration property (Spring's relaxed binding: dots to '_', no dashes,
 * upper case) or a variable the application's YAML reads (${FOLDHUB_DB_URL:...}). A misspelt one would be ignored.
 */
class DockerEnvironmentTest {

    private static final Set<String> SPRING_VARIABLES = Set.of("SPRING_PROFILES_ACTIVE", "SPRING_CONFIG_LOCATION",
            "SPRING_CONFIG_ADDITIONAL_LOCATION", "SPRING_APPLICATION_JSON");

    @Test
    void everyVariableTheComposeFileAndDockerfilesSetMapsToTheApplication() throws Exception {
        Set<String> known = knownVariables();
        Map<String, String> set = new LinkedHashMap<>();
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker/docker-compose.yml")));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        services.forEach((service, spec) -> {
            if (spec.get("environment") instanceof Map<?, ?> environment) {
                environment.keySet().forEach(name -> set.put(name.toString(), "docker-compose.yml service " + service));
            }
        });
        for (String dockerfile : List.of("docker/Dockerfile", "docker/Dockerfile.worker")) {
            Matcher env = Pattern.compile("(?m)\\b(FOLDHUB_[A-Z0-9_]+|SPRING_[A-Z0-9_]+)=").matcher(Files.readString(Path.of(dockerfile)));
            while (env.find()) {
                set.put(env.group(1), dockerfile);
            }
        }
        assertThat(set).as("the worker service is configured by environment").containsKeys(
                "FOLDHUB_AGENT_SERVER", "FOLDHUB_AGENT_TOKEN", "FOLDHUB_AGENT_DEVICES");

        set.forEach((name, where) -> {
            if (name.startsWith("FOLDHUB_") || name.startsWith("SPRING_")) {
                assertThat(known).as(name + " set in " + where + " is no configuration property or variable of the app")
                        .contains(name);
            }
        });
    }

    /**
     * `docker compose up` without a profile needs no GPU and nothing beyond the jar in the build context: its services
     * (database, server, CPU worker) reserve no device and build no Dockerfile that copies a libtorch; the GPU worker
     * comes only with --profile gpu.
     */
    @Test
    @SuppressWarnings("unchecked")
    void thePlainUpNeedsNoGpuAndTheGpuWorkerIsBehindTheGpuProfile() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker/docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        Map<String, Map<String, Object>> plain = new LinkedHashMap<>();
        services.forEach((name, spec) -> {
            if (spec.get("profiles") == null) {
                plain.put(name, spec);
            }
        });
        assertThat(plain).containsKeys("postgres", "foldhub", "cpu-worker");
        plain.forEach((name, spec) -> {
            assertThat(spec).as(name + " reserves no device").doesNotContainKey("deploy");
            if (spec.get("build") instanceof Map<?, ?> build) {
                String dockerfile = String.valueOf(build.get("dockerfile"));
                assertThat(read(dockerfile)).as(name + " builds from " + dockerfile + " without a libtorch").doesNotContain("libtorch");
            }
        });
        Map<String, Object> cpuWorker = plain.get("cpu-worker");
        Map<String, Object> cpuEnv = (Map<String, Object>) cpuWorker.get("environment");
        assertThat(cpuEnv).containsEntry("FOLDHUB_AGENT_DEVICES", "cpu");
        assertThat(String.join(" ", (List<String>) cpuWorker.get("entrypoint"))).contains("foldhub.jar worker")
                .as("the token falls back to the admin token the server wrote").contains("admin-credentials.txt");

        Map<String, Object> gpu = services.get("worker");
        assertThat((List<String>) gpu.get("profiles")).containsExactly("gpu");
        assertThat(((Map<String, Object>) gpu.get("build")).get("dockerfile")).isEqualTo("docker/Dockerfile.worker");
        assertThat(gpu.get("deploy").toString()).contains("nvidia");
    }

    private static String read(String dockerfile) {
        try {
            return Files.readString(Path.of(dockerfile));
        } catch (IOException e) {
            throw new IllegalStateException(dockerfile + " named in docker-compose.yml is missing", e);
        }
    }

    /** The environment names of every @ConfigurationProperties record component, the YAML's ${...} variables and Spring's own. */
    private static Set<String> knownVariables() throws IOException, ClassNotFoundException {
        Set<String> known = new HashSet<>(SPRING_VARIABLES);
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.foldhub")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            String prefix = type.getAnnotation(ConfigurationProperties.class).value();
            for (RecordComponent component : type.getRecordComponents()) {
                known.add(environmentName(prefix + "." + component.getName()));
            }
        }
        for (String yaml : List.of("application.yml", "application-postgres.yml")) {
            Matcher variable = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(
                    Files.readString(Path.of("src/main/resources", yaml)));
            while (variable.find()) {
                known.add(variable.group(1));
            }
        }
        return known;
    }

    /** foldhub.agent.workDir -> FOLDHUB_AGENT_WORKDIR (Spring Boot's rule: dots to '_', dashes removed, upper case). */
    static String environmentName(String property) {
        return property.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT);
    }

    @Test
    void theEnvironmentNameFollowsSpringsRelaxedBinding() {
        assertThat(environmentName("foldhub.agent.workDir")).isEqualTo("FOLDHUB_AGENT_WORKDIR");
        assertThat(environmentName("foldhub.agent.server")).isEqualTo("FOLDHUB_AGENT_SERVER");
    }
}
