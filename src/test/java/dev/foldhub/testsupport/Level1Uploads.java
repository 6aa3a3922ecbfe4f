package dev.foldhub.testsupport;

import dev.foldhub.prediction.Npy;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Imports a model's reference-style level1 files (every fold's OOF and test predictions, uniform random probabilities)
 * through POST /api/experiments/import: a finished member a level-2 stacker can stack.
 */
public final class Level1Uploads {

    private Level1Uploads() {
    }

    /** The reference's OOF file name of a model's fold, as the imports here write it. */
    public static String trainName(String model, int fold) {
        return String.format(Locale.ROOT, "level1_train_%s_f%d_e07_0.6100.npy", model, fold);
    }

    public static HttpResponse<String> importModel(HttpTestClient client, String dataset, byte[] folds, int labels,
                                                   int testImages, String name, String model, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        int k = 0;
        for (byte f : folds) {
            k = Math.max(k, f + 1);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("folds.npy", Npy.writeUint8(folds));
        for (int f = 0; f < k; f++) {
            int rows = 0;
            for (byte b : folds) {
                rows += b == f ? 1 : 0;
            }
            files.put(trainName(model, f), Npy.writeFloat32(uniform(random, rows * labels), rows, labels));
            files.put("level1_test_" + model + "_f" + f + "_e07_0.6100.npy",
                    Npy.writeFloat32(uniform(random, testImages * labels), testImages, labels));
        }
        files.put(model + "_f0_e07.yml", "threshold: 0.1\n".getBytes(StandardCharsets.UTF_8));
        return client.postMultipart("/api/experiments/import", Map.of("name", name, "dataset", dataset), "files", files);
    }

    private static float[] uniform(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble();
        }
        return v;
    }
}
