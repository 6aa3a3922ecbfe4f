package dev.foldhub.errorbrowser;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.Npy;
import dev.foldhub.testsupport.HttpTestClient;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The OOF error browser through HTTP on a demo data set whose train.csv lost some true labels (and gained some
 * false ones) on purpose, while the stored OOF predicts the true labels confidently: the suspects, the worst
 * images and the per-label numbers find exactly those, thumbnails are served by image id only, and a clean
 * registers a new data set version with exactly the requested changes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "foldhub.worker.embedded=false")
class OofErrorFlowTest {

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;

    private HttpTestClient client;
    private static long datasetId;
    private static long otherDatasetId;
    private static long experimentId;
    private static byte[] folds;
    private static List<String> attributeIds;
    private static List<String> imageIds;
    private static List<Set<String>> original;
    private static List<Set<String>> given;
    private static final Set<String> removed = new HashSet<>(); // "imageId attributeId"
    private static final Set<String> added = new HashSet<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:ooferrors;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSetsAndSpoilLabels() throws Exception {
        Path dir = temp.resolve("spoiled");
        new DemoDatasetGenerator().generate(dir, new DemoSpec(80, 6, 24, 7L));
        new DemoDatasetGenerator().generate(temp.resolve("other"), new DemoSpec(20, 4, 24, 99L));
        attributeIds = Files.readAllLines(dir.resolve("labels.csv")).stream().skip(1).map(l -> l.split(",")[0]).toList();
        List<String> lines = Files.readAllLines(dir.resolve("train.csv"));
        imageIds = new ArrayList<>();
        original = new ArrayList<>();
        given = new ArrayList<>();
        StringBuilder spoiled = new StringBuilder(lines.get(0)).append('\n');
        for (int r = 1; r < lines.size(); r++) {
            String[] parts = lines.get(r).split(",");
            Set<String> truth = new LinkedHashSet<>(List.of(parts[1].strip().split(" ")));
            Set<String> kept = new LinkedHashSet<>(truth);
            int row = r - 1;
            if (row % 7 == 0 && truth.size() > 1) {
                String drop = truth.iterator().next();
                kept.remove(drop);
                removed.add(parts[0] + " " + drop);
            } else if (row % 11 == 3) {
                String extra = attributeIds.stream().filter(a -> !truth.contains(a)).findFirst().orElseThrow();
                kept.add(extra);
                added.add(parts[0] + " " + extra);
            }
            imageIds.add(parts[0]);
            original.add(truth);
            given.add(kept);
            spoiled.append(parts[0]).append(',').append(String.join(" ", kept)).append('\n');
        }
        Files.writeString(dir.resolve("train.csv"), spoiled);
        assertThat(removed).hasSizeGreaterThan(3);
        assertThat(added).hasSizeGreaterThan(3);
    }

    @BeforeEach
    void registerOnce() throws Exception {
        client = new HttpTestClient(port);
        if (datasetId != 0) {
            return;
        }
        datasetId = json(client.post("/api/datasets", "application/json", "{\"name\": \"spoiled\", \"path\": \""
                + temp.resolve("spoiled").toAbsolutePath() + "\"}"), 201).get("id").asLong();
        otherDatasetId = json(client.post("/api/datasets", "application/json", "{\"name\": \"other\", \"path\": \""
                + temp.resolve("other").toAbsolutePath() + "\"}"), 201).get("id").asLong();
        folds = Npy.readUint8(client.getBytes("/api/datasets/" + datasetId + "/folds.npy").body());
        experimentId = json(client.post("/api/experiments", "application/json",
                "{\"name\": \"oracle\", \"dataset\": \"spoiled\", \"source\": \"external\"}"), 201).get("id").asLong();
        putOof(experimentId, (r, a) -> original.get(r).contains(a) ? 0.9f : 0.03f);
    }

    /** The row's probability of an attribute id. */
    interface Oof {
        float p(int row, String attributeId);
    }

    /** Stores the OOF of every fold (threshold 0.5, epoch 0) of an external experiment. */
    private void putOof(long id, Oof oof) throws Exception {
        int classes = attributeIds.size();
        for (int fold = 0; fold < 5; fold++) {
            List<Integer> rows = new ArrayList<>();
            for (int r = 0; r < folds.length; r++) {
                if (folds[r] == fold) {
                    rows.add(r);
                }
            }
            float[] all = new float[rows.size() * classes];
            for (int i = 0; i < rows.size(); i++) {
                for (int c = 0; c < classes; c++) {
                    all[i * classes + c] = oof.p(rows.get(i), attributeIds.get(c));
                }
            }
            json(client.put("/api/experiments/" + id + "/folds/" + fold + "/oof?threshold=0.5",
                    "application/octet-stream", Npy.writeFloat32(all, rows.size(), classes)), 200);
        }
    }

    // guards: labels removed on purpose are exactly the likely-missing ones, labels added on purpose the likely-wrong
    @Test
    void suspectsAreTheLabelsSpoiledOnPurpose() throws Exception {
        JsonNode page = json(client.get("/api/experiments/" + experimentId
                + "/oof-errors/suspects?minConfidence=0.8&limit=" + 2 * removed.size()), 200);
        assertThat(keys(page.get("missing"))).containsExactlyInAnyOrderElementsOf(removed);
        assertThat(keys(page.get("wrong"))).containsExactlyInAnyOrderElementsOf(added);
        JsonNode first = page.get("missing").get(0);
        assertThat(first.get("confidence").asDouble()).isCloseTo(0.9, within(1e-3));
        assertThat(first.get("probabilities").get("oracle").asDouble()).isCloseTo(0.9, within(1e-3));
        assertThat(first.get("name").asString()).isNotBlank();
        assertProblem(client.get("/api/experiments/" + experimentId + "/oof-errors/suspects?minConfidence=2"), 400,
                "minConfidence");
        assertProblem(client.get("/api/experiments/" + experimentId + "/oof-errors/suspects?minModels=3"), 400,
                "minModels");
    }

    // guards: support, predicted, tp, precision, recall and f2Contribution per label equal a brute force recount
    @Test
    void perLabelErrorsMatchBruteForceAndSort() throws Exception {
        JsonNode page = json(client.get("/api/experiments/" + experimentId + "/oof-errors/labels"), 200);
        assertThat(page.get("total").asInt()).isEqualTo(attributeIds.size());
        double base = meanF2(-1);
        assertThat(page.get("oofF2").asDouble()).isCloseTo(base, within(1e-9));
        double previous = Double.MAX_VALUE;
        for (JsonNode label : page.get("labels")) {
            String a = label.get("attributeId").asString();
            int c = attributeIds.indexOf(a);
            int support = 0;
            int predicted = 0;
            int tp = 0;
            for (int r = 0; r < imageIds.size(); r++) {
                boolean truth = given.get(r).contains(a);
                boolean pred = original.get(r).contains(a);
                support += truth ? 1 : 0;
                predicted += pred ? 1 : 0;
                tp += truth && pred ? 1 : 0;
            }
            assertThat(label.get("support").asInt()).as(a).isEqualTo(support);
            assertThat(label.get("predicted").asInt()).as(a).isEqualTo(predicted);
            assertThat(label.get("tp").asInt()).as(a).isEqualTo(tp);
            double contribution = label.get("f2Contribution").asDouble();
            assertThat(contribution).as(a).isCloseTo(meanF2(c) - base, within(1e-9));
            assertThat(contribution).isLessThanOrEqualTo(previous); // default: f2Contribution, descending
            previous = contribution;
        }
        JsonNode bySupport = json(client.get("/api/experiments/" + experimentId
                + "/oof-errors/labels?sort=support&dir=asc&limit=3&offset=1"), 200);
        assertThat(bySupport.get("labels")).hasSize(3);
        assertThat(bySupport.get("labels").get(0).get("support").asInt())
                .isLessThanOrEqualTo(bySupport.get("labels").get(2).get("support").asInt());
        assertProblem(client.get("/api/experiments/" + experimentId + "/oof-errors/labels?sort=name"), 400, "sort");
        assertProblem(client.get("/api/experiments/" + experimentId + "/oof-errors/labels?dir=up"), 400, "dir");
        assertThat(client.get("/api/experiments/999999/oof-errors/labels").statusCode()).isEqualTo(404);
    }

    // guards: the worst images are exactly the spoiled rows, with their disputed labels and a working thumbnail
    @Test
    void worstImagesAreTheSpoiledRowsWithThumbnails() throws Exception {
        int spoiled = removed.size() + added.size();
        JsonNode page = json(client.get("/api/experiments/" + experimentId + "/oof-errors/images?limit=" + spoiled), 200);
        Set<String> expected = new HashSet<>();
        removed.forEach(k -> expected.add(k.split(" ")[0]));
        added.forEach(k -> expected.add(k.split(" ")[0]));
        Set<String> worst = new HashSet<>();
        for (JsonNode image : page.get("images")) {
            worst.add(image.get("imageId").asString());
            assertThat(image.get("rowF2").asDouble()).isLessThan(1);
            JsonNode disputed = image.get("disputed");
            assertThat(disputed).hasSize(1);
            String key = image.get("imageId").asString() + " " + disputed.get(0).get("label").asString();
            assertThat(disputed.get(0).get("truth").asBoolean() ? added : removed).contains(key);
            HttpResponse<byte[]> png = client.getBytes(image.get("thumbnail").asString() + "?size=16");
            assertThat(png.statusCode()).isEqualTo(200);
            BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(png.body()));
            assertThat(Math.max(thumb.getWidth(), thumb.getHeight())).isEqualTo(16);
        }
        assertThat(worst).isEqualTo(expected);
        assertProblem(client.get("/api/experiments/" + experimentId + "/oof-errors/images?limit=0"), 400, "limit");
    }

    // guards: a thumbnail is served only for an id the data set lists; others, and anything path-like, are refused
    @Test
    void thumbnailsOnlyForTheDataSetsOwnImageIds() throws Exception {
        String base = "/api/datasets/" + datasetId + "/images/";
        assertThat(client.getBytes(base + imageIds.get(0) + "/thumbnail").statusCode()).isEqualTo(200);
        assertThat(client.get(base + "no-such-image/thumbnail").statusCode()).isEqualTo(404);
        String otherImage = Files.readAllLines(temp.resolve("other/train.csv")).get(1).split(",")[0];
        assertThat(imageIds).doesNotContain(otherImage);
        assertThat(client.get(base + otherImage + "/thumbnail").statusCode()).isEqualTo(404);
        assertThat(client.get("/api/datasets/" + otherDatasetId + "/images/" + otherImage + "/thumbnail").statusCode())
                .isEqualTo(200);
        for (String hostile : List.of("..", "%2e%2e", "..%2f..%2ftrain.csv", "%2fetc%2fpasswd", "..%5c..%5clabels.csv")) {
            HttpResponse<byte[]> response = client.getBytes(base + hostile + "/thumbnail");
            assertThat(response.statusCode()).as(hostile).isIn(400, 404);
        }
        assertProblem(client.get(base + imageIds.get(0) + "/thumbnail?size=5000"), 400, "size");
        assertThat(client.anonymous().get(base + imageIds.get(0) + "/thumbnail").statusCode()).isEqualTo(401);
    }

    // guards: a clean registers a new data set whose train.csv and changes.csv hold exactly the requested changes
    @Test
    void cleanRegistersANewVersionWithExactlyTheChanges() throws Exception {
        String[] missing = removed.iterator().next().split(" ");
        String[] wrong = added.iterator().next().split(" ");
        String dropped = imageIds.get(1);
        String body = "{\"name\": \"spoiled-clean\", \"drop\": [\"" + dropped + "\"], \"add\": {\"" + missing[0]
                + "\": [\"" + missing[1] + "\"]}, \"remove\": {\"" + wrong[0] + "\": [\"" + wrong[1] + "\"]}}";
        String url = "/api/experiments/" + experimentId + "/oof-errors/clean";
        assertProblem(client.post(url, "application/json", body.replace(dropped, "nope")), 422, "drop");
        assertProblem(client.post(url, "application/json", body.replace("\"" + missing[1] + "\"", "\"999999\"")), 422, "add");
        assertProblem(client.post(url, "application/json", body.replace(wrong[0], "nope")), 422, "remove");
        assertProblem(client.post(url, "application/json", body.replace("\"" + wrong[1] + "\"",
                "\"" + missing[1] + "\"").replace(wrong[0], missing[0]).replace("\"add\": {\"" + missing[0]
                + "\": [\"" + missing[1] + "\"]}, ", "")), 422, "remove");
        assertProblem(client.post(url, "application/json", body.replace("spoiled-clean", "spoiled")), 409, "name");

        JsonNode created = json(client.post(url, "application/json", body), 201);
        assertThat(created.get("parentId").asLong()).isEqualTo(datasetId);
        assertThat(created.get("dropped").asInt()).isEqualTo(1);
        assertThat(created.get("added").asInt()).isEqualTo(1);
        assertThat(created.get("removed").asInt()).isEqualTo(1);
        long newId = created.get("datasetId").asLong();
        JsonNode dataset = json(client.get("/api/datasets/" + newId), 200);
        assertThat(dataset.get("numTrainImages").asInt()).isEqualTo(imageIds.size() - 1);
        assertThat(dataset.get("name").asString()).isEqualTo("spoiled-clean");

        Path dir = Path.of(created.get("path").asString());
        assertThat(Files.readAllLines(dir.resolve("changes.csv"))).containsExactly("image_id,action,attribute_id",
                dropped + ",drop,", missing[0] + ",add," + missing[1], wrong[0] + ",remove," + wrong[1]);
        Map<String, Set<String>> train = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("train.csv")).subList(1, imageIds.size())) {
            String[] parts = line.split(",");
            train.put(parts[0], new HashSet<>(List.of(parts[1].split(" "))));
        }
        for (int r = 0; r < imageIds.size(); r++) {
            String id = imageIds.get(r);
            Set<String> expected = new HashSet<>(given.get(r));
            if (id.equals(missing[0])) {
                expected.add(missing[1]);
            }
            if (id.equals(wrong[0])) {
                expected.remove(wrong[1]);
            }
            assertThat(train.get(id)).as(id).isEqualTo(id.equals(dropped) ? null : expected);
        }
        assertThat(Files.readString(dir.resolve("parent.txt"))).contains("parent_id=" + datasetId);
        assertThat(client.getBytes("/api/datasets/" + newId + "/images/" + missing[0] + "/thumbnail").statusCode())
                .isEqualTo(200);
    }

    // guards: an ensemble's browser judges its blend at its weights, names each member's probability, and counts the
    // members that back a missing label against minModels
    @Test
    void anEnsembleCountsItsMembersForMissingLabels() throws Exception {
        long half = json(client.post("/api/experiments", "application/json",
                "{\"name\": \"half\", \"dataset\": \"spoiled\", \"source\": \"external\"}"), 201).get("id").asLong();
        List<String> sorted = removed.stream().sorted().toList();
        Set<String> backed = new HashSet<>(sorted.subList(0, sorted.size() / 2)); // the ones "half" also predicts
        putOof(half, (r, a) -> {
            String key = imageIds.get(r) + " " + a;
            return removed.contains(key) ? (backed.contains(key) ? 0.85f : 0.1f) : original.get(r).contains(a) ? 0.9f : 0.03f;
        });
        StringBuilder yaml = new StringBuilder();
        for (String model : List.of("oracle", "half")) {
            yaml.append("- predicts:\n");
            for (int fold = 0; fold < 5; fold++) {
                yaml.append("  - ").append(dev.foldhub.prediction.Level1FileName.ofTrain(model, fold, 0, 0.5).fileName())
                        .append('\n');
            }
            yaml.append("  weight: 0.5\n");
        }
        JsonNode ensemble = json(client.post("/api/ensembles/import?name=pair&dataset=spoiled", "application/yaml",
                yaml.toString()), 201);
        long id = ensemble.get("id").asLong();

        JsonNode both = json(client.get("/api/ensembles/" + id + "/oof-errors/suspects?minModels=2&minConfidence=0.8"), 200);
        assertThat(both.get("kind").asString()).isEqualTo("ensemble");
        assertThat(keys(both.get("missing"))).containsExactlyInAnyOrderElementsOf(backed);
        JsonNode first = both.get("missing").get(0);
        assertThat(first.get("agreeing").asInt()).isEqualTo(2);
        assertThat(first.get("models").asInt()).isEqualTo(2);
        assertThat(first.get("probabilities").get("half").asDouble()).isCloseTo(0.85, within(1e-3));
        assertThat(first.get("probabilities").get("oracle").asDouble()).isCloseTo(0.9, within(1e-3));
        JsonNode one = json(client.get("/api/ensembles/" + id + "/oof-errors/suspects?minModels=1&minConfidence=0.8"
                + "&limit=" + 2 * removed.size()), 200);
        assertThat(keys(one.get("missing"))).containsExactlyInAnyOrderElementsOf(removed);
        assertThat(one.get("missing").get(0).get("confidence").asDouble()).isCloseTo((0.9 + 0.85) / 2, within(1e-3));
        assertProblem(client.get("/api/ensembles/" + id + "/oof-errors/suspects?minModels=3"), 400, "minModels");

        // the blend: 0.5 (p_oracle - 0.5) + 0.5 (p_half - 0.5) > 0 predicts a removed label only where both back it
        JsonNode labels = json(client.get("/api/ensembles/" + id + "/oof-errors/labels"), 200);
        int predictedRemoved = 0;
        for (JsonNode label : labels.get("labels")) {
            String a = label.get("attributeId").asString();
            int predicted = 0;
            for (int r = 0; r < imageIds.size(); r++) {
                String key = imageIds.get(r) + " " + a;
                boolean dropped = removed.contains(key);
                predicted += original.get(r).contains(a) && (!dropped || backed.contains(key)) ? 1 : 0;
                predictedRemoved += dropped && backed.contains(key) ? 1 : 0;
            }
            assertThat(label.get("predicted").asInt()).as(a).isEqualTo(predicted);
        }
        assertThat(predictedRemoved).isEqualTo(backed.size());
        JsonNode images = json(client.get("/api/ensembles/" + id + "/oof-errors/images?limit=3"), 200);
        assertThat(images.get("images").get(0).get("disputed").get(0).get("probabilities").size()).isEqualTo(2);
        assertThat(client.get("/api/ensembles/999999/oof-errors/labels").statusCode()).isEqualTo(404);
    }

    /** Sample-averaged F2 of the oracle's predictions against the given labels, label c made perfect (-1: none). */
    private static double meanF2(int fixed) {
        double sum = 0;
        for (int r = 0; r < imageIds.size(); r++) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (int c = 0; c < attributeIds.size(); c++) {
                boolean truth = given.get(r).contains(attributeIds.get(c));
                boolean pred = c == fixed ? truth : original.get(r).contains(attributeIds.get(c));
                tp += truth && pred ? 1 : 0;
                fp += !truth && pred ? 1 : 0;
                fn += truth && !pred ? 1 : 0;
            }
            double p = tp / (tp + fp + 1e-12);
            double rec = tp / (tp + fn + 1e-12);
            sum += 5 * p * rec / (4 * p + rec + 1e-12);
        }
        return sum / imageIds.size();
    }

    private static Set<String> keys(JsonNode suspects) {
        Set<String> keys = new HashSet<>();
        suspects.forEach(s -> keys.add(s.get("imageId").asString() + " " + s.get("attributeId").asString()));
        return keys;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String field) {
        JsonNode problem = json(response, status);
        assertThat(problem.get("field").asString()).as(response.body()).isEqualTo(field);
    }
}
