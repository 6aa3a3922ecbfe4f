package dev.foldhub.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * The volumes of issue 16 item 3, parsed from {@code --experiments N --folds N --epochs N --runs N --points N
 * --finished-jobs N} (defaults: the full size), plus {@code --url} (default FOLDHUB_TEST_POSTGRES_URL) and
 * {@code --schema} (the seeded schema a benchmark reads).
 */
public record ScaleSizes(int experiments, int folds, int epochs, int runs, int points, int finishedJobs, String url,
        String schema) {

    public static ScaleSizes parse(String... args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            given.put(args[i].substring(2), args[i + 1]);
        }
        ScaleSizes sizes = new ScaleSizes(number(given, "experiments", 10_000), number(given, "folds", 5),
                number(given, "epochs", 50), number(given, "runs", 200), number(given, "points", 100_000),
                number(given, "finished-jobs", 50_000), given.remove("url"), given.remove("schema"));
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + given.keySet());
        }
        return sizes;
    }

    private static int number(Map<String, String> given, String name, int fallback) {
        String value = given.remove(name);
        return value == null ? fallback : Integer.parseInt(value.replace("_", "").replace(",", ""));
    }
}
