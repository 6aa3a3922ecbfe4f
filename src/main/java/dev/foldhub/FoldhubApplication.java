package dev.foldhub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Foldhub: k-fold training, OOF predictions and blending as a service. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FoldhubApplication {

    public static void main(String[] args) {
        // why: no download at run time (natives come from Maven), and one inter-op thread: a worker runs one model per device
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty("ai.djl.pytorch.num_interop_threads",
                System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
        SpringApplication.run(FoldhubApplication.class, args);
    }
}
