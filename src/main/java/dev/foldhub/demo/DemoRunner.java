package dev.foldhub.demo;

import dev.foldhub.StorageProperties;
import dev.foldhub.dataset.DatasetInfo;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.security.AdminBootstrap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code --demo}: generates the synthetic iMet-style data set (once), registers it, and submits the
 * two demo configs of configs/ for all folds; a {@link DemoMonitor} then logs progress and the final scores.
 */
@Component
class DemoRunner implements ApplicationRunner {

    static final String DATASET_NAME = "demo";
    static final List<String> CONFIGS = List.of("demo_resnet18", "demo_resnet34");
    private static final Logger log = LoggerFactory.getLogger(DemoRunner.class);

    private final DatasetService datasets;
    private final ExperimentService experiments;
    private final StorageProperties storage;
    private final Environment environment;
    private final AdminBootstrap admin;

    DemoRunner(DatasetService datasets, ExperimentService experiments, StorageProperties storage, Environment environment,
               AdminBootstrap admin) {
        this.datasets = datasets;
        this.experiments = experiments;
        this.storage = storage;
        this.environment = environment;
        this.admin = admin;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!args.containsOption("demo")) {
            return;
        }
        long started = System.nanoTime();
        Path dir = storage.dataDir().resolve("demo-dataset").toAbsolutePath().normalize();
        if (!Files.exists(dir.resolve("train.csv"))) {
            log.info("demo: generating the synthetic data set in {}", dir);
            new DemoDatasetGenerator().generate(dir, DemoSpec.DEFAULT);
        }
        DatasetInfo dataset = datasets.list().stream().filter(d -> d.name().equals(DATASET_NAME)).findFirst()
                .orElseGet(() -> datasets.register(DATASET_NAME, dir.toString()));
        List<Long> submitted = new ArrayList<>();
        for (String config : CONFIGS) {
            ExperimentView experiment = experiments.create(config, String.valueOf(dataset.id()), null, readConfig(config));
            submitted.add(experiment.id());
            log.info("demo: submitted experiment {} '{}' ({} folds)", experiment.id(), config, experiment.foldsTotal());
        }
        String base = "http://localhost:" + environment.getProperty("local.server.port", "8080");
        log.info("demo: follow it at {}/api/experiments (jobs: {}/api/jobs, health: {}/actuator/health)", base, base, base);
        String login = loginHint(base);
        log.info("demo: {}", login);
        DemoMonitor monitor = new DemoMonitor(experiments, submitted, started, login);
        Thread thread = new Thread(monitor, "foldhub-demo-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /** How to get in: the dashboard and the admin credentials the first start made (shown again at the end). */
    private String loginHint(String base) {
        return admin.madeAtStart().map(c -> "dashboard " + base + "/ (user admin); "
                        + (c.file() != null ? "the random admin password and API token are in " + c.file()
                        : "password FOLDHUB_ADMIN_PASSWORD, API token FOLDHUB_ADMIN_TOKEN")
                        + " (curl -H \"Authorization: Bearer $TOKEN\" " + base + "/api/experiments)")
                .orElse("dashboard " + base + "/ (user admin, with the password in " + AdminBootstrap.CREDENTIALS_FILE
                        + " of the data directory"
                        + " or FOLDHUB_ADMIN_PASSWORD)");
    }

    private static String readConfig(String name) throws IOException {
        try (InputStream in = DemoRunner.class.getResourceAsStream("/configs/" + name + ".yml")) {
            if (in == null) {
                throw new IOException("configs/" + name + ".yml is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
