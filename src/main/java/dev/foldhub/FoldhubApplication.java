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
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        SpringApplication.run(FoldhubApplication.class, args);
    }
}
