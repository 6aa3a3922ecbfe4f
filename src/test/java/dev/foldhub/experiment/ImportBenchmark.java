package dev.foldhub.experiment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times importing synthetic level1 files over HTTP into a running server, one model (folds.npy, 5 level1_train
 * files and their threshold .yml) per request, each body streamed from the files on disk.
 * Usage: {@code ImportBenchmark <base-url> <dir> [rows=109237] [classes=1103] [models=7] [fold-threshold=0.2]}, with
 * a member's API token in FOLDHUB_TOKEN; the server's foldhub.datasets.roots must contain dir. The files are written
 * into dir first unless there already ({@link SyntheticLevel1Files}); the data set is registered and its folds.npy
 * uploaded once.
 */
public final class ImportBenchmark {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;

    /** What an import made: the data set's id and the experiments' ids, in model order. */
    public record Imported(long datasetId, List<Long> experimentIds) {
    }

    public ImportBenchmark(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || System.getenv("FOLDHUB_TOKEN") == null) {
            System.err.println("usage: FOLDHUB_TOKEN=... ImportBenchmark <base-url> <dir> [rows] [classes] [models]"
                    + " [fold-threshold]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]).toAbsolutePath().normalize();
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 109_237;
        int classes = args.length > 3 ? Integer.parseInt(args[3]) : 1103;
        int models = args.length > 4 ? Integer.parseInt(args[4]) : 7;
        double threshold = args.length > 5 ? Double.parseDouble(args[5]) : 0.2;
        SyntheticLevel1Files.Spec spec = new SyntheticLevel1Files.Spec(rows, classes, models, threshold, 5, 16, 1);
        long start = System.nanoTime();
        List<SyntheticLevel1Files.ModelFiles> files = SyntheticLevel1Files.ensure(dir, spec);
        print("files: %s in %s (%.1f s)", spec.describe(), dir, seconds(start));
        new ImportBenchmark(args[0], System.getenv("FOLDHUB_TOKEN")).importModels(dir, files);
    }

    /** Registers the data set under dir, uploads its folds.npy and imports every model, printing the seconds of each. */
    public Imported importModels(Path dir, List<SyntheticLevel1Files.ModelFiles> models) throws Exception {
        String name = "synthetic-" + UUID.randomUUID().toString().substring(0, 8);
        long start = System.nanoTime();
        String dataset = send(HttpRequest.newBuilder(URI.create(base + "/api/datasets"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + name + "\", \"path\": \""
                        + SyntheticLevel1Files.datasetDir(dir) + "\"}")), 201);
        String datasetId = id(dataset);
        send(HttpRequest.newBuilder(URI.create(base + "/api/datasets/" + datasetId + "/folds.npy"))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(dir.resolve(ExperimentImport.FOLDS_FILE))), 200);
        print("data set %s registered, folds.npy uploaded: %.1f s", name, seconds(start));
        long all = System.nanoTime();
        List<Long> experimentIds = new ArrayList<>();
        for (SyntheticLevel1Files.ModelFiles model : models) {
            long t0 = System.nanoTime();
            MultipartBody body = new MultipartBody()
                    .field("name", name + "-" + model.model())
                    .field("dataset", datasetId);
            long bytes = 0;
            for (Path file : model.files()) {
                body.file("files", file);
                bytes += java.nio.file.Files.size(file);
            }
            String view = send(HttpRequest.newBuilder(URI.create(base + "/api/experiments/import"))
                    .header("Content-Type", body.contentType())
                    .POST(body.publisher()), 201);
            experimentIds.add(Long.parseLong(id(view)));
            Matcher f2 = Pattern.compile("\"oofF2\"\\s*:\\s*([0-9.eE-]+)").matcher(view);
            print("%s: %d files, %.0f MB, %.1f s, oofF2 %s", model.model(), model.files().size(), bytes / 1e6,
                    seconds(t0), f2.find() ? f2.group(1) : "?");
        }
        print("total: %d models in %.1f s", models.size(), seconds(all));
        return new Imported(Long.parseLong(datasetId), List.copyOf(experimentIds));
    }

    private String send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.build().uri() + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        return response.body();
    }

    private static String id(String json) {
        Matcher m = ID.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return m.group(1);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void print(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    /** A multipart/form-data body whose file parts are read from disk as it is sent (reusable by other benchmarks). */
    public static final class MultipartBody {
        private final String boundary = "foldhub" + UUID.randomUUID().toString().replace("-", "");
        private final List<HttpRequest.BodyPublisher> parts = new ArrayList<>();

        public MultipartBody field(String name, String value) {
            parts.add(text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n"
                    + value + "\r\n"));
            return this;
        }

        public MultipartBody file(String name, Path file) throws IOException {
            parts.add(text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
            parts.add(HttpRequest.BodyPublishers.ofFile(file));
            parts.add(text("\r\n"));
            return this;
        }

        public String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        public HttpRequest.BodyPublisher publisher() {
            List<HttpRequest.BodyPublisher> all = new ArrayList<>(parts);
            all.add(text("--" + boundary + "--\r\n"));
            return HttpRequest.BodyPublishers.concat(all.toArray(new HttpRequest.BodyPublisher[0]));
        }

        private static HttpRequest.BodyPublisher text(String text) {
            return HttpRequest.BodyPublishers.ofByteArray(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
