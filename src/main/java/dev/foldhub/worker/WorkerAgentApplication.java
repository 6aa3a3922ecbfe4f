package dev.foldhub.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The worker agent's own small Spring context ({@code java -jar foldhub.jar worker ...}): configuration binding,
 * logging and the agent, nothing else. No auto-configuration, so no web server, DataSource, JPA or Flyway: a
 * worker needs no database. Deliberately not a {@code @Configuration}, so the server's component scan skips it.
 */
@EnableConfigurationProperties({AgentProperties.class, TrainingProperties.class})
public class WorkerAgentApplication {

    /** The agent's short options and the properties they set. */
    private static final Map<String, String> OPTIONS = Map.of(
            "server", "foldhub.agent.server",
            "token", "foldhub.agent.token",
            "devices", "foldhub.agent.devices",
            "name", "foldhub.agent.name",
            "work-dir", "foldhub.agent.work-dir",
            "data-root-map", "foldhub.agent.data-root-map");

    @Bean
    WorkerAgent workerAgent(AgentProperties properties, TrainingProperties training) {
        return new WorkerAgent(properties, training.loader());
    }

    public static ConfigurableApplicationContext run(String... args) {
        SpringApplication app = new SpringApplication(WorkerAgentApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        return app.run(toPropertyArgs(args));
    }

    /** "--server URL" and "--server=URL" become "--foldhub.agent.server=URL"; anything else passes as it is. */
    static String[] toPropertyArgs(String... args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? arg.substring(2).split("=", 2)[0] : null;
            String property = name == null ? null : OPTIONS.get(name);
            if (property == null) {
                out.add(arg);
            } else if (arg.contains("=")) {
                out.add("--" + property + arg.substring(arg.indexOf('=')));
            } else if (i + 1 < args.length) {
                out.add("--" + property + "=" + args[++i]);
            } else {
                throw new IllegalArgumentException(arg + " needs a value");
            }
        }
        return out.toArray(String[]::new);
    }
}
