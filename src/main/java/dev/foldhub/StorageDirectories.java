package dev.foldhub;

import java.io.IOException;
import java.nio.file.Files;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/** Makes the data and artifact directories at start, so the first checkpoint and the disk-space health check find them. */
@Component
class StorageDirectories implements InitializingBean {

    private final StorageProperties storage;

    StorageDirectories(StorageProperties storage) {
        this.storage = storage;
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        Files.createDirectories(storage.dataDir());
        Files.createDirectories(storage.artifactsDir());
    }
}
