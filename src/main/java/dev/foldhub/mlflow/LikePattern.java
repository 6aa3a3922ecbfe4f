package dev.foldhub.mlflow;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL LIKE / ILIKE for MLflow search filters ({@code %} any run, {@code _} one character, everything else literal),
 * matched without a regex and without backtracking: the pattern is cut at each {@code %} into fixed-length segments;
 * the first must start the value, the last must end it, and each one between is taken at its leftmost place after the
 * one before (the leftmost place leaves the most room, so no other choice can match where it fails). Time is at most
 * value length x pattern length, whatever the pattern: {@code %a%a%a...%b} against a long value is one pass.
 */
final class LikePattern {

    /** A code point of a segment that matches any one character ({@code _}). */
    private static final int ANY = -1;

    private final List<int[]> segments;
    private final boolean anchoredOnly;
    private final boolean ignoreCase;

    private LikePattern(List<int[]> segments, boolean anchoredOnly, boolean ignoreCase) {
        this.segments = segments;
        this.anchoredOnly = anchoredOnly;
        this.ignoreCase = ignoreCase;
    }

    static LikePattern of(String pattern, boolean ignoreCase) {
        List<int[]> segments = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        boolean hasPercent = false;
        for (int cp : pattern.codePoints().toArray()) {
            if (cp == '%') {
                hasPercent = true;
                segments.add(toArray(current));
                current.clear();
            } else {
                current.add(cp == '_' ? ANY : cp);
            }
        }
        segments.add(toArray(current));
        return new LikePattern(segments, !hasPercent, ignoreCase);
    }

    boolean matches(String value) {
        int[] text = value.codePoints().toArray();
        int[] first = segments.get(0);
        if (anchoredOnly) {
            return text.length == first.length && matchesAt(text, 0, first);
        }
        int[] last = segments.get(segments.size() - 1);
        if (first.length + last.length > text.length || !matchesAt(text, 0, first)
                || !matchesAt(text, text.length - last.length, last)) {
            return false;
        }
        int from = first.length;
        int end = text.length - last.length; // middle segments must fit in [from, end)
        for (int s = 1; s < segments.size() - 1; s++) {
            int found = leftmost(text, from, end, segments.get(s));
            if (found < 0) {
                return false;
            }
            from = found + segments.get(s).length;
        }
        return true;
    }

    private int leftmost(int[] text, int from, int end, int[] segment) {
        for (int at = from; at + segment.length <= end; at++) {
            if (matchesAt(text, at, segment)) {
                return at;
            }
        }
        return -1;
    }

    private boolean matchesAt(int[] text, int at, int[] segment) {
        for (int i = 0; i < segment.length; i++) {
            if (segment[i] != ANY && !same(text[at + i], segment[i])) {
                return false;
            }
        }
        return true;
    }

    /** Equal, or for ILIKE equal in upper or in lower case (as a CASE_INSENSITIVE | UNICODE_CASE regex compares). */
    private boolean same(int a, int b) {
        return a == b || ignoreCase && (Character.toUpperCase(a) == Character.toUpperCase(b)
                || Character.toLowerCase(a) == Character.toLowerCase(b));
    }

    private static int[] toArray(List<Integer> codePoints) {
        return codePoints.stream().mapToInt(Integer::intValue).toArray();
    }
}
