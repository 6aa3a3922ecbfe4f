package dev.foldhub.ensemble;

import static dev.foldhub.testsupport.HttpTestClient.json;
import static dev.foldhub.testsupport.HttpTestClient.toJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.demo.DemoDatasetGenerator;
import dev.foldhub.demo.DemoSpec;
import dev.foldhub.prediction.Level1FileName;
import dev.foldhub.prediction.Npy;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.scoring.BlendEvaluator;
import dev.foldhub.testsupport.HttpTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Through HTTP: import 2 models' level1 files, run an auto blend search as a job, download and re-import its YAML. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "foldhub.worker.poll-interval=200ms", "foldhub.worker.heartbeat-interval=1s"})
class EnsembleFlowTest {

    @TempDir
    static Path temp;

    @LocalServerPort
    int port;

    private HttpTestClient client;
    @Autowired
    private BlendProblemLoader loader;
    @Autowired
    private OofStore oofStore;
    private static long datasetId;
    private static byte[] foldsNpy;
    private static List<Long> models;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:ensembles;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("foldhub.data-dir", () -> temp.resolve("data").toString());
        registry.add("foldhub.artifacts-dir", () -> temp.resolve("data/artifacts").toString());
    }

    @BeforeAll
    static void generateDataSet() {
        new DemoDatasetGenerator().generate(temp.resolve("ens-imet"), new DemoSpec(300, 10, 16, 5L));
    }

    @BeforeEach
    void importTwoModels() throws Exception {
        client = new HttpTestClient(port);
        if (datasetId != 0) {
            return;
        }
        JsonNode dataset = json(client.post("/api/datasets", "application/json",
                "{\"name\": \"ens\", \"path\": \"" + temp.resolve("ens-imet").toAbsolutePath() + "\"}"), 201);
        datasetId = dataset.get("id").asLong();
        foldsNpy = client.getBytes("/api/datasets/" + datasetId + "/folds.npy").body();
        int[][] labels = trainLabels(temp.resolve("ens-imet"));
        int classes = dataset.get("numLabels").asInt();
        // a good model and a noisier one: both carry the truth, with independent noise
        models = List.of(importModel("good", labels, classes, 0.25, 1), importModel("noisy", labels, classes, 0.45, 2));
    }

    @Test
    void anAutoSearchBlendsImportedModelsAndItsYamlRoundTrips() throws Exception {
        JsonNode created = json(client.post("/api/ensembles", "application/json", toJson(Map.of(
                "name", "blend", "dataset", "ens", "experiments", models, "method", "auto"))), 201);
        long id = created.get("id").asLong();
        JsonNode ensemble = awaitFinished(id, Duration.ofMinutes(3));

        assertThat(ensemble.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(ensemble.get("method").asString()).isEqualTo("auto");
        assertThat(ensemble.get("chosenMethod").asString()).startsWith("auto:");
        assertThat(ensemble.get("evaluations").asInt()).isPositive();
        // seconds is the whole job: at least the sum of its steps, each of which is reported
        double steps = 0;
        for (String step : List.of("loadSeconds", "searchSeconds", "nestedCvSeconds", "tuningSeconds")) {
            assertThat(ensemble.get(step).asDouble()).as(step).isPositive();
            steps += ensemble.get(step).asDouble();
        }
        assertThat(ensemble.get("seconds").asDouble()).isGreaterThanOrEqualTo(steps);
        double oof = ensemble.get("oofF2").asDouble();
        assertThat(oof).isGreaterThanOrEqualTo(ensemble.get("equalWeightF2").asDouble() - 1e-9);
        assertThat(ensemble.get("nestedCvF2").asDouble()).isBetween(0.0, oof + 0.02);
        double good = ensemble.get("weights").get(0).get("weight").asDouble();
        double noisy = ensemble.get("weights").get(1).get("weight").asDouble();
        assertThat(ensemble.get("weights").get(0).get("experiment").asLong()).isEqualTo(models.get(0));
        assertThat(good + noisy).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(good).isGreaterThan(noisy);
        assertWhatIfReproducesTheSearch(id, good, noisy, oof);
        assertPostprocessIsSearchedDownloadedAndImported(id, ensemble, oof);

        var yaml = client.get("/api/ensembles/" + id + "/ensemble.yml");
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.headers().firstValue("Content-Disposition").orElseThrow())
                .contains(String.format(java.util.Locale.ROOT, "blend_val_%.4f.yml", oof));
        assertThat(yaml.body()).startsWith("- predicts:\n  - level1_train_good_f0_e");

        JsonNode imported = json(client.post("/api/ensembles/import?name=again&dataset=ens", "application/yaml",
                yaml.body()), 201);
        assertThat(imported.get("status").asString()).isEqualTo("IMPORTED");
        assertThat(imported.get("weights").get(0).get("weight").asDouble()).isEqualTo(good);
        assertThat(imported.get("weights").get(1).get("weight").asDouble()).isEqualTo(noisy);
        assertThat(imported.get("oofF2").asDouble()).isCloseTo(oof, org.assertj.core.data.Offset.offset(1e-12));
    }

    // guards items 4-5 of issue 14: every rule reported (reference = the plain blend), postprocess.yml downloads the
    // chosen rule apart from ensemble.yml, and an uploaded rule is scored and becomes the chosen one
    private void assertPostprocessIsSearchedDownloadedAndImported(long id, JsonNode ensemble, double oof) throws Exception {
        JsonNode post = ensemble.get("postprocess");
        List<String> names = new ArrayList<>();
        post.get("rules").forEach(r -> names.add(r.get("name").asString()));
        assertThat(names).containsExactly("reference", "groupThresholds", "winner2019", "relative", "combined");
        assertThat(names).contains(post.get("chosen").asString());
        JsonNode reference = post.get("rules").get(0);
        assertThat(reference.get("oofF2").asDouble()).isCloseTo(oof, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(reference.get("nestedCvF2").asDouble())
                .isCloseTo(ensemble.get("nestedCvF2").asDouble(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(post.get("rules").get(2).get("oofF2").asDouble()).isGreaterThanOrEqualTo(oof);
        assertThat(post.get("rule").get("groups").has("culture")).isTrue();

        var yaml = client.get("/api/ensembles/" + id + "/postprocess.yml");
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.body()).contains("groups:\n  'culture':\n    threshold: ");
        JsonNode again = json(client.post("/api/ensembles/" + id + "/postprocess.yml", "application/yaml", yaml.body()), 200);
        assertThat(again.get("postprocess").get("chosen").asString()).isEqualTo("imported");
        JsonNode chosen = post.get("rules").get(names.indexOf(post.get("chosen").asString()));
        assertThat(again.get("postprocess").get("rules").get(5).get("oofF2").asDouble())
                .isEqualTo(chosen.get("oofF2").asDouble());

        JsonNode capped = json(client.post("/api/ensembles/" + id + "/postprocess.yml", "application/yaml",
                "groups:\n  tag: {maxLabels: 1}\n  culture: {threshold: 1.0}\n"), 200);
        JsonNode imported = capped.get("postprocess").get("rules").get(5);
        assertThat(capped.get("postprocess").get("rules")).hasSize(6);
        assertThat(imported.get("oofF2").asDouble()).isLessThan(oof);
        assertThat(imported.get("oofGain").asDouble())
                .isCloseTo(imported.get("oofF2").asDouble() - oof, org.assertj.core.data.Offset.offset(1e-12));
        var page = client.get("/ensembles/" + id); // the ensemble page shows the chosen rule and every rule's scores
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"postprocess-chosen\">imported<", "id=\"postprocess\"", ">winner2019<",
                "maxLabels: 1");
        JsonNode bad = json(client.post("/api/ensembles/" + id + "/postprocess.yml", "application/yaml",
                "groups:\n  tag: {maxLabels: 0}\n"), 400);
        assertThat(bad.get("field").asString()).isEqualTo("postprocess.groups.tag.maxLabels");
    }

    @Test
    void aRequestedPostprocessingRuleIsOnlyScoredAndChosen() throws Exception {
        // guards the request's postprocess: validated against the data set's groups (400 naming the field), then
        // scored beside the reference and chosen, not searched
        JsonNode unknownGroup = json(client.post("/api/ensembles", "application/json", toJson(Map.of("name", "pp",
                "dataset", "ens", "experiments", models, "postprocess", Map.of("groups", Map.of("medium",
                        Map.of("threshold", 0.01)))))), 400);
        assertThat(unknownGroup.get("field").asString()).isEqualTo("postprocess.groups.medium");
        JsonNode badMin = json(client.post("/api/ensembles", "application/json", toJson(Map.of("name", "pp",
                "dataset", "ens", "experiments", models, "postprocess", Map.of("groups", Map.of("tag",
                        Map.of("minLabels", 3, "maxLabels", 2)))))), 400);
        assertThat(badMin.get("field").asString()).isEqualTo("postprocess.groups.tag.minLabels");
        JsonNode created = json(client.post("/api/ensembles", "application/json", toJson(Map.of("name", "pp",
                "dataset", "ens", "experiments", models, "method", "greedy", "postprocess", Map.of("threshold", 0.01,
                        "groups", Map.of("tag", Map.of("minLabels", 1, "maxLabels", 4)),
                        "relative", Map.of("factor", 7))))), 201);
        JsonNode ensemble = awaitFinished(created.get("id").asLong(), Duration.ofMinutes(3));
        JsonNode post = ensemble.get("postprocess");
        assertThat(post.isObject()).as(ensemble.toString()).isTrue();
        assertThat(post.get("chosen").asString()).isEqualTo("given");
        assertThat(post.get("rules")).hasSize(2);
        JsonNode rule = post.get("rule");
        assertThat(rule.get("groups").get("tag").get("maxLabels").asInt()).isEqualTo(4);
        assertThat(rule.get("groups").get("culture").get("threshold").asDouble()).isEqualTo(0.01);
        assertThat(rule.get("relative").get("factor").asDouble()).isEqualTo(7.0);
        // filled in with the blend's mean fold threshold: 0 for imported level1 files, which are centered already
        assertThat(rule.get("relative").get("offset").isNumber()).isTrue();
        assertThat(rule.get("relative").get("offset").asDouble()).isZero();
        assertThat(post.get("rules").get(1).get("nestedCvF2").isNumber()).isTrue();
    }

    @Test
    void aPostprocessSubmissionPredictsWhatTheRuleGivesImageByImage() throws Exception {
        // guards item 4's submissions: the ensemble's chosen rule (offset filled from the fold thresholds) applied to
        // the blended test scores gives exactly the labels of a per-image brute force of the rule
        int[][] labels = trainLabels(temp.resolve("ens-imet"));
        JsonNode dataset = json(client.get("/api/datasets/" + datasetId), 200);
        int classes = dataset.get("numLabels").asInt();
        List<String> labelLines = Files.readAllLines(temp.resolve("ens-imet/labels.csv"));
        int testRows = Files.readAllLines(temp.resolve("ens-imet/sample_submission.csv")).size() - 1;
        Map<Integer, float[]> testA = new LinkedHashMap<>();
        Map<Integer, float[]> testB = new LinkedHashMap<>();
        long a = importModel("pa", labels, classes, 0.25, 11, testRows, testA);
        long b = importModel("pb", labels, classes, 0.35, 12, testRows, testB);
        JsonNode created = json(client.post("/api/ensembles", "application/json", toJson(Map.of("name", "pp-sub",
                "dataset", "ens", "experiments", List.of(a, b), "method", "greedy", "postprocess", Map.of(
                        "groups", Map.of("culture", Map.of("threshold", 0.02, "maxLabels", 1),
                                "tag", Map.of("threshold", 0.05, "minLabels", 1, "maxLabels", 3)),
                        "relative", Map.of("factor", 3))))), 201);
        JsonNode ensemble = awaitFinished(created.get("id").asLong(), Duration.ofMinutes(3));
        JsonNode rule = ensemble.get("postprocess").get("rule");
        assertThat(rule.get("relative").get("offset").asDouble()).isPositive(); // fold thresholds 0.15 and 0.25
        double[] w = {ensemble.get("weights").get(0).get("weight").asDouble(),
                ensemble.get("weights").get(1).get("weight").asDouble()};

        JsonNode submission = json(client.post("/api/ensembles/" + ensemble.get("id").asLong() + "/submissions",
                "application/json", "{\"thresholds\": \"postprocess\"}"), 201);
        assertThat(submission.get("postprocess").get("groups").get("tag").get("maxLabels").asInt()).isEqualTo(3);
        long id = submission.get("id").asLong();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(json(client.get("/api/submissions/" + id), 200)
                .get("status").asString()) && System.nanoTime() < deadline) {
            Thread.sleep(300);
        }
        List<String> csv = client.get("/api/submissions/" + id + "/submission.csv").body().lines().toList();
        assertThat(csv).hasSize(testRows + 1);

        // the brute force: s = sum_m w_m mean_f (p - t_f); per image and group the cut, the caps, the fill
        double offset = rule.get("relative").get("offset").asDouble();
        double factor = rule.get("relative").get("factor").asDouble();
        int labelsPredicted = 0;
        for (int r = 0; r < testRows; r++) {
            double[] s = new double[classes];
            for (int c = 0; c < classes; c++) {
                for (int fold = 0; fold < testA.size(); fold++) {
                    s[c] += w[0] / testA.size() * (testA.get(fold)[r * classes + c] - threshold(0, fold));
                }
                for (int fold = 0; fold < testB.size(); fold++) {
                    s[c] += w[1] / testB.size() * (testB.get(fold)[r * classes + c] - threshold(1, fold));
                }
            }
            double max = java.util.Arrays.stream(s).max().orElseThrow();
            java.util.Set<String> expected = new java.util.TreeSet<>();
            for (String group : List.of("culture", "tag")) {
                JsonNode g = rule.get("groups").get(group);
                List<Integer> members = new ArrayList<>();
                for (int c = 0; c < classes; c++) {
                    if (labelLines.get(c + 1).split(",", 2)[1].startsWith(group + "::")) {
                        members.add(c);
                    }
                }
                members.sort((x, y) -> Double.compare(s[y], s[x]));
                List<Integer> kept = new ArrayList<>(members.stream().filter(c -> s[c] > g.get("threshold").asDouble()
                        && s[c] + offset > (max + offset) / factor).toList());
                int maxLabels = g.has("maxLabels") && !g.get("maxLabels").isNull() ? g.get("maxLabels").asInt() : 1000;
                int minLabels = g.has("minLabels") && !g.get("minLabels").isNull() ? g.get("minLabels").asInt() : 0;
                while (kept.size() > maxLabels) {
                    kept.remove(kept.size() - 1);
                }
                for (int i = 0; kept.size() < minLabels && i < members.size(); i++) {
                    if (!kept.contains(members.get(i))) {
                        kept.add(members.get(i));
                    }
                }
                kept.forEach(c -> expected.add(labelLines.get(c + 1).split(",", 2)[0]));
            }
            String predicted = csv.get(r + 1).split(",", -1)[1];
            assertThat(new java.util.TreeSet<>(predicted.isEmpty() ? List.of() : List.of(predicted.split(" "))))
                    .as("test row %d", r).isEqualTo(expected);
            labelsPredicted += expected.size();
        }
        assertThat(labelsPredicted).isGreaterThanOrEqualTo(testRows); // the tag fill alone gives one a row
    }

    /** The fold thresholds of the models imported with test predictions: model 0 0.15, model 1 0.25 (+0.01 a fold). */
    private static double threshold(int model, int fold) {
        return Double.parseDouble(Float.toString((float) (0.15 + 0.1 * model + 0.01 * fold))); // as the .yml reads back
    }

    @Test
    void theLoaderKeepsAnEvaluatorUntilAMembersFoldIsStoredAgain() throws Exception {
        // guards: a second blend (or the what-if) of the same members skips the load, and a fold stored again (a
        // retrained fold is a new version) is never served from the old evaluator
        List<Integer> all = List.of(0, 1, 2, 3, 4);
        BlendEvaluator first = loader.load(datasetId, foldAssignmentId(), models, all).evaluator();
        assertThat(loader.load(datasetId, foldAssignmentId(), models, all).evaluator()).isSameAs(first);
        assertThat(loader.load(datasetId, foldAssignmentId(), List.of(models.get(1), models.get(0)), all).evaluator())
                .isNotSameAs(first);
        BlendEvaluator twoFolds = loader.load(datasetId, foldAssignmentId(), models, List.of(0, 1)).evaluator();
        assertThat(twoFolds).isNotSameAs(first);
        assertThat(twoFolds.rows()).isLessThan(first.rows());
        oofStore.save(oofStore.find(models.get(1), 2).orElseThrow());
        BlendProblem reloaded = loader.load(datasetId, foldAssignmentId(), models, all);
        assertThat(reloaded.evaluator()).isNotSameAs(first);
        assertThat(reloaded.evaluator().f2(new double[] {0.5, 0.5}, 0)).isEqualTo(first.f2(new double[] {0.5, 0.5}, 0));
        assertThat(reloaded.foldOfRow()).hasSize(first.rows());
    }

    private long foldAssignmentId() throws Exception {
        return json(client.get("/api/experiments/" + models.get(0)), 200).get("foldAssignmentId").asLong();
    }

    @Test
    void compareGivesThePairwiseCorrelationOfTheOof() throws Exception {
        JsonNode matrix = json(client.get("/api/ensembles/compare?experiments=" + models.get(0) + "," + models.get(1)), 200);
        JsonNode r = matrix.get("correlation");
        assertThat(r.get(0).get(0).asDouble()).isEqualTo(1.0);
        assertThat(r.get(0).get(1).asDouble()).isEqualTo(r.get(1).get(0).asDouble()).isBetween(0.1, 0.9); // shared signal, independent noise
    }

    @Test
    void aPerfectModelScoresOnePerLabelGroup() throws Exception {
        // guards the per-group F2: exact predictions give 1.0 for culture:: and for tag:: labels
        int[][] labels = trainLabels(temp.resolve("ens-imet"));
        int classes = json(client.get("/api/datasets/" + datasetId), 200).get("numLabels").asInt();
        long perfect = importModel("perfect", labels, classes, 0.0, 3);
        JsonNode groups = json(client.get("/api/experiments/" + perfect + "/label-groups"), 200);
        assertThat(groups.get("culture").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(groups.get("tag").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        JsonNode noisy = json(client.get("/api/experiments/" + models.get(1) + "/label-groups"), 200);
        assertThat(noisy.get("tag").asDouble()).isBetween(0.0, 0.99);
    }

    @Test
    void badRequestsAreProblemsNamingTheField() throws Exception {
        JsonNode unknown = json(client.post("/api/ensembles", "application/json", toJson(Map.of(
                "name", "x", "dataset", "ens", "experiments", List.of(987654), "method", "auto"))), 400);
        assertThat(unknown.get("field").asString()).isEqualTo("experiments");
        JsonNode method = json(client.post("/api/ensembles", "application/json", toJson(Map.of(
                "name", "x", "dataset", "ens", "experiments", models, "method", "simulated-annealing"))), 400);
        assertThat(method.get("field").asString()).isEqualTo("method");
        JsonNode yaml = json(client.post("/api/ensembles/import?name=y&dataset=ens", "application/yaml",
                "- predicts: [level1_train_nobody_f0_e01_0.5000.npy]\n  weight: 1\n"), 422);
        assertThat(yaml.get("field").asString()).isEqualTo("ensemble.yml[0].predicts");
        json(client.get("/api/ensembles/987654"), 404);
    }

    // guards: the what-if endpoint scores the found weights exactly as the search did, and rejects bad weights
    private void assertWhatIfReproducesTheSearch(long id, double good, double noisy, double oof) throws Exception {
        JsonNode same = json(client.post("/api/ensembles/" + id + "/what-if", "application/json",
                toJson(Map.of("weights", List.of(good, noisy), "threshold", 0))), 200);
        assertThat(same.get("oofF2").asDouble()).isCloseTo(oof, org.assertj.core.data.Offset.offset(1e-12));
        JsonNode negative = json(client.post("/api/ensembles/" + id + "/what-if", "application/json",
                toJson(Map.of("weights", List.of(-0.5, 1.0), "threshold", 0))), 400);
        assertThat(negative.get("field").asString()).isEqualTo("weights");
        JsonNode tooFew = json(client.post("/api/ensembles/" + id + "/what-if", "application/json",
                toJson(Map.of("weights", List.of(1.0)))), 400);
        assertThat(tooFew.get("field").asString()).isEqualTo("weights");
        JsonNode threshold = json(client.post("/api/ensembles/" + id + "/what-if", "application/json",
                toJson(Map.of("weights", List.of(good, noisy), "threshold", -0.5))), 400);
        assertThat(threshold.get("field").asString()).isEqualTo("threshold");
        var page = client.get("/ensembles/" + id); // the dashboard page renders its sliders and submission button
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"what-if\"", "id=\"w-1\"", "id=\"make-submission\"");
        json(client.post("/api/ensembles/987654/what-if", "application/json", toJson(Map.of("weights", List.of(1.0)))), 404);
    }

    private JsonNode awaitFinished(long id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode ensemble = json(client.get("/api/ensembles/" + id), 200);
            String status = ensemble.get("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                // why: one GET reads the ensemble row before the job's state (read committed), so the job may have
                // finished between the two reads; a second GET sees everything the job stored
                return json(client.get("/api/ensembles/" + id), 200);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ensemble still " + status + ": " + ensemble);
            }
            Thread.sleep(300);
        }
    }

    /** Imports a model whose centered OOF is +0.3 on true labels and -0.3 elsewhere, plus Gaussian noise. */
    private long importModel(String model, int[][] labels, int classes, double noise, long seed) throws Exception {
        byte[] folds = Npy.readUint8(foldsNpy);
        int k = 0;
        for (byte f : folds) {
            k = Math.max(k, f + 1);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("folds.npy", foldsNpy);
        for (int fold = 0; fold < k; fold++) {
            List<Integer> rows = new ArrayList<>();
            for (int r = 0; r < folds.length; r++) {
                if (folds[r] == fold) {
                    rows.add(r);
                }
            }
            float[] values = new float[rows.size() * classes];
            for (int i = 0; i < rows.size(); i++) {
                for (int c = 0; c < classes; c++) {
                    values[i * classes + c] = (float) (-0.3 + noise * gaussian(random));
                }
                for (int label : labels[rows.get(i)]) {
                    values[i * classes + label] += 0.6f;
                }
            }
            files.put(Level1FileName.ofTrain(model, fold, 3 + fold, 0.6).fileName(), Npy.writeFloat32(values, rows.size(), classes));
        }
        return json(client.postMultipart("/api/experiments/import", Map.of("name", model, "dataset", "ens"), "files", files), 201)
                .get("id").asLong();
    }

    /**
     * As above, as probabilities p = centered + the fold threshold (written in the fold's threshold .yml), plus
     * random test probabilities per fold, kept in test for the expected submission.
     */
    private long importModel(String model, int[][] labels, int classes, double noise, long seed, int testRows,
                             Map<Integer, float[]> test) throws Exception {
        byte[] folds = Npy.readUint8(foldsNpy);
        int k = 0;
        for (byte f : folds) {
            k = Math.max(k, f + 1);
        }
        int index = test == null ? 0 : model.equals("pa") ? 0 : 1;
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("folds.npy", foldsNpy);
        for (int fold = 0; fold < k; fold++) {
            double t = threshold(index, fold);
            List<Integer> rows = new ArrayList<>();
            for (int r = 0; r < folds.length; r++) {
                if (folds[r] == fold) {
                    rows.add(r);
                }
            }
            float[] values = new float[rows.size() * classes];
            for (int i = 0; i < rows.size(); i++) {
                for (int c = 0; c < classes; c++) {
                    values[i * classes + c] = (float) (t - 0.3 + noise * gaussian(random));
                }
                for (int label : labels[rows.get(i)]) {
                    values[i * classes + label] += 0.6f;
                }
            }
            String name = String.format(java.util.Locale.ROOT, "%s_f%d_e%02d", model, fold, 3 + fold);
            files.put(Level1FileName.ofTrain(model, fold, 3 + fold, 0.6).fileName(), Npy.writeFloat32(values, rows.size(), classes));
            files.put(name + ".yml", ("threshold: " + t + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            float[] p = new float[testRows * classes];
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) (random.nextDouble() * 0.6);
            }
            test.put(fold, p);
            files.put("level1_test_" + name + "_0.6000.npy", Npy.writeFloat32(p, testRows, classes));
        }
        return json(client.postMultipart("/api/experiments/import", Map.of("name", model, "dataset", "ens"), "files", files), 201)
                .get("id").asLong();
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: sqrt(-2 ln u1) cos(2 pi u2)
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static int[][] trainLabels(Path dir) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("labels.csv")).subList(1, Files.readAllLines(dir.resolve("labels.csv")).size())) {
            ids.add(line.substring(0, line.indexOf(',')));
        }
        List<String> rows = Files.readAllLines(dir.resolve("train.csv"));
        int[][] labels = new int[rows.size() - 1][];
        for (int r = 1; r < rows.size(); r++) {
            String[] parts = rows.get(r).split(",", 2)[1].trim().split(" ");
            labels[r - 1] = java.util.Arrays.stream(parts).mapToInt(ids::indexOf).toArray();
        }
        return labels;
    }
}
