package dev.foldhub.bundle;

import dev.foldhub.FoldhubApplication;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The bundle's predict-only jar: foldhub.jar with Foldhub's classes and a manifest (Main-Class {@link BundlePredict},
 * Class-Path lib/...), and in lib/ only the libraries the predict path loads (DJL, PyTorch with its linux-x86_64
 * natives and JNI library, their gson/JNA/commons-compress/SLF4J, SnakeYAML, Jackson) instead of the server's web, database and
 * Spring jars. Taken from where the running server loads them: a classes folder and Maven's jars (development,
 * tests), or the nested jars of the Spring Boot jar.
 */
@Component
class PredictJar {

    /** A class or resource of each library predict needs; an absent optional one is left out. */
    private static final List<String> LIBRARIES = List.of(
            "ai/djl/Model.class",
            "ai/djl/pytorch/engine/PtEngine.class",
            "jnilib/linux-x86_64/cpu/libdjl_torch.so",
            "pytorch/cpu/linux-x86_64/libc10.so",
            "com/google/gson/Gson.class",
            "com/sun/jna/Native.class",
            "org/apache/commons/compress/archivers/ArchiveEntry.class",
            "org/apache/commons/io/IOUtils.class",
            "org/slf4j/LoggerFactory.class",
            "org/yaml/snakeyaml/Yaml.class",
            "tools/jackson/databind/ObjectMapper.class",
            "tools/jackson/core/JsonParser.class",
            "com/fasterxml/jackson/annotation/JsonProperty.class");

    /** Where a class's bytes come from: a folder or jar file, or an entry (jar or folder prefix) of an outer jar. */
    record Source(Path file, String entry) {

        String fileName() {
            String name = entry == null ? file.getFileName().toString() : entry;
            return name.substring(name.lastIndexOf('/', name.length() - 2) + 1);
        }
    }

    /** Writes foldhub.jar and lib/*.jar; returns the libraries' file names. */
    List<String> write(BundleZip zip) throws IOException {
        ClassLoader loader = FoldhubApplication.class.getClassLoader();
        Map<String, Source> libraries = new LinkedHashMap<>();
        for (String name : LIBRARIES) {
            URL url = loader.getResource(name);
            if (url != null) {
                Source s = source(url.toString(), name);
                libraries.putIfAbsent(s.fileName(), s);
            }
        }
        for (Map.Entry<String, Source> library : libraries.entrySet()) {
            zip.stored("lib/" + library.getKey(), () -> open(library.getValue()));
        }
        String self = FoldhubApplication.class.getName().replace('.', '/') + ".class";
        Source classes = source(loader.getResource(self).toString(), self);
        Path jar = Files.createTempFile("foldhub-predict", ".jar");
        try {
            writeJar(classes, List.copyOf(libraries.keySet()), jar);
            zip.deflated("foldhub.jar", jar);
        } finally {
            Files.deleteIfExists(jar);
        }
        return List.copyOf(libraries.keySet());
    }

    /** The source of the class or resource {@code name} found at {@code url} (a URL's text: Spring Boot's nested: too). */
    static Source source(String url, String name) {
        String s = url;
        if (!s.endsWith(name)) {
            throw new IllegalStateException("unexpected location of " + name + ": " + s);
        }
        s = s.substring(0, s.length() - name.length());
        if (s.startsWith("file:")) {
            return new Source(Path.of(URI.create(s)), null);
        }
        if (s.startsWith("jar:file:") && s.endsWith("!/")) {
            return new Source(Path.of(URI.create(s.substring(4, s.length() - 2))), null);
        }
        if (s.startsWith("jar:nested:") && s.endsWith("!/")) {
            // jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/ or jar:nested:/app.jar/!BOOT-INF/classes/!/
            String inner = s.substring("jar:nested:".length(), s.length() - 2);
            int split = inner.indexOf("/!");
            String entry = inner.substring(split + 2);
            return new Source(Path.of(URI.create("file:" + inner.substring(0, split))), entry);
        }
        throw new IllegalStateException("cannot read the library of " + name + " from " + url);
    }

    private static InputStream open(Source s) throws IOException {
        if (s.entry() == null) {
            return Files.newInputStream(s.file());
        }
        JarFile outer = new JarFile(s.file().toFile());
        JarEntry entry = outer.getJarEntry(s.entry());
        if (entry == null) {
            outer.close();
            throw new IOException(s.file() + " has no entry " + s.entry());
        }
        InputStream in = outer.getInputStream(entry);
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                super.close();
                outer.close();
            }
        };
    }

    /** foldhub.jar: the dev/ classes of the source, with a manifest that runs predict and names lib/. */
    private static void writeJar(Source classes, List<String> libraries, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.put(Attributes.Name.MAIN_CLASS, BundlePredict.class.getName());
        a.put(Attributes.Name.CLASS_PATH, String.join(" ", libraries.stream().map(l -> "lib/" + l).toList()));
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            if (classes.entry() == null && Files.isDirectory(classes.file())) {
                Path root = classes.file();
                List<Path> files;
                try (Stream<Path> walk = Files.walk(root.resolve("dev"))) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    out.putNextEntry(new JarEntry(root.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            } else if (classes.entry() != null && classes.entry().endsWith("/")) {
                String prefix = classes.entry() + "dev/";
                try (JarFile outer = new JarFile(classes.file().toFile())) {
                    List<JarEntry> entries = new ArrayList<>();
                    for (Enumeration<JarEntry> e = outer.entries(); e.hasMoreElements(); ) {
                        JarEntry entry = e.nextElement();
                        if (entry.getName().startsWith(prefix) && !entry.isDirectory()) {
                            entries.add(entry);
                        }
                    }
                    for (JarEntry entry : entries) {
                        out.putNextEntry(new JarEntry(entry.getName().substring(classes.entry().length())));
                        try (InputStream in = outer.getInputStream(entry)) {
                            in.transferTo(out);
                        }
                        out.closeEntry();
                    }
                }
            } else {
                throw new UncheckedIOException(new IOException("Foldhub's classes are in " + classes
                        + ", neither a folder nor a Spring Boot jar's BOOT-INF/classes/"));
            }
        }
    }
}
