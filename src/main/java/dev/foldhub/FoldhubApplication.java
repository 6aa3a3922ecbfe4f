package dev.foldhub;

import dev.foldhub.bundle.BundlePredict;
import dev.foldhub.worker.WorkerAgentApplication;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Foldhub: k-fold training, OOF predictions and blending as a service; {@code worker ...} runs a worker agent instead,
 * {@code predict ...} a Kaggle bundle's offline submission ({@link BundlePredict}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FoldhubApplication {

    public static void main(String[] args) {
        // why: no download at run time (natives come from Maven), and one inter-op thread: a worker runs one model per device
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty("ai.djl.pytorch.num_interop_threads",
                System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
        if (args.length > 0 && args[0].equals("worker")) {
            // a remote worker agent: no web server, no database (see WorkerAgentApplication)
            WorkerAgentApplication.run(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("predict")) {
            // a Kaggle bundle's offline submission: no Spring context, database or network
            BundlePredict.main(args);
            return;
        }
        SpringApplication.run(FoldhubApplication.class, args);
    }
}
