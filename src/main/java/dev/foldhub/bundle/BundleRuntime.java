package dev.foldhub.bundle;

import dev.foldhub.StorageProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * The bundle's Java runtime for linux-x86_64: {@code jlink --strip-debug --no-header-files --no-man-pages --compress=2}
 * of the running JDK's jmods, built once per JDK version and module list and kept under
 * {@code <data-dir>/bundle-runtime/}, so later bundles reuse it. Empty when the JDK has no jmods or jlink (a JRE, or a
 * distribution's JDK without them) or the runtime is turned off.
 */
@Component
class BundleRuntime {

    private static final Logger log = LoggerFactory.getLogger(BundleRuntime.class);

    private final BundleProperties properties;
    private final Path cache;

    BundleRuntime(BundleProperties properties, StorageProperties storage) {
        this.properties = properties;
        this.cache = storage.dataDir().resolve("bundle-runtime");
    }

    /** Why a bundle has no runtime, or null when it has one (what README and bundle.json say). */
    String unavailable() {
        if (!properties.runtime()) {
            return "foldhub.bundle.runtime is false";
        }
        Path home = Path.of(System.getProperty("java.home"));
        if (!Files.isDirectory(home.resolve("jmods")) || !Files.isRegularFile(home.resolve("bin/jlink"))) {
            return "the server's JDK (" + home + ") has no jmods or jlink";
        }
        if (!System.getProperty("os.name").toLowerCase().contains("linux")
                || !List.of("amd64", "x86_64").contains(System.getProperty("os.arch"))) {
            return "the server is not linux-x86_64 (Kaggle's platform)";
        }
        return null;
    }

    /** The runtime folder (bin/java inside), built now if not cached; empty when {@link #unavailable()}. */
    synchronized Optional<Path> folder() {
        if (unavailable() != null) {
            return Optional.empty();
        }
        // why: a JDK update or another module list needs a new runtime
        String key = (System.getProperty("java.runtime.version") + "-" + Integer.toHexString((System.getProperty(
                "java.home") + String.join(",", properties.modules())).hashCode())).replaceAll("[^A-Za-z0-9._+-]", "_");
        Path dir = cache.resolve(key);
        if (Files.isRegularFile(dir.resolve("bin/java"))) {
            return Optional.of(dir);
        }
        Path home = Path.of(System.getProperty("java.home"));
        try {
            Files.createDirectories(cache);
            // why: a folder of its own, so servers sharing the data dir never jlink into the same place
            Path work = Files.createTempDirectory(cache, key + ".building-");
            Path building = work.resolve("runtime");
            try {
                long start = System.nanoTime();
                Path output = work.resolve("jlink.log");
                Process p = new ProcessBuilder(home.resolve("bin/jlink").toString(), "--module-path",
                        home.resolve("jmods").toString(), "--add-modules", String.join(",", properties.modules()),
                        "--strip-debug", "--no-header-files", "--no-man-pages", "--compress=2", "--output",
                        building.toString()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("jlink took longer than 10 minutes");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("jlink failed (" + p.exitValue() + "): "
                            + Files.readString(output, StandardCharsets.UTF_8).strip());
                }
                try {
                    Files.move(building, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                    log.info("bundle runtime {} was built by another server meanwhile", dir);
                    return Optional.of(dir);
                }
                log.info("bundle runtime {} built by jlink in {} s", dir, String.format("%.1f",
                        (System.nanoTime() - start) / 1e9));
                return Optional.of(dir);
            } finally {
                FileSystemUtils.deleteRecursively(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while jlink ran", e);
        }
    }
}
