package dev.foldhub.experiment;

import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.web.NulCharacters;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The one rule for an experiment's tags and note: a tag is 1-64 of {@code [A-Za-z0-9._:-]}, at most 20 an experiment
 * (kept sorted, duplicates once); a note at most 10,000 characters, without U+0000. A bad value is a 400 naming
 * {@code tags} or {@code note}.
 */
public record TagsAndNote(List<String> tags, String note) {

    static final int MAX_TAGS = 20;
    static final int MAX_NOTE = 10_000;
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** No tags, no note: what an experiment made without them has. */
    public static final TagsAndNote NONE = new TagsAndNote(List.of(), null);

    /** Both from JSON values: {@code tags} a list of strings (null: none), {@code note} a string (null: none). */
    static TagsAndNote parse(Object tags, Object note) {
        return new TagsAndNote(tags == null ? List.of() : tags(tags), note(note));
    }

    /** A JSON list of tags, checked, sorted and without duplicates. */
    static List<String> tags(Object raw) {
        if (!(raw instanceof List<?> list)) {
            throw new InvalidInputException("tags", "must be a list of strings, e.g. [\"baseline\", \"lr:1e-3\"]");
        }
        TreeSet<String> tags = new TreeSet<>();
        for (Object item : list) {
            if (!(item instanceof String tag) || !TAG.matcher(tag).matches()) {
                throw new InvalidInputException("tags", "each tag must be 1-64 characters of A-Z, a-z, 0-9, '.', '_',"
                        + " ':' or '-'; not " + describe(item));
            }
            tags.add(tag);
        }
        if (tags.size() > MAX_TAGS) {
            throw new InvalidInputException("tags", "at most " + MAX_TAGS + " tags an experiment, not " + tags.size());
        }
        return new ArrayList<>(tags);
    }

    /** A note: null clears it; otherwise a string of at most 10,000 characters without U+0000. */
    static String note(Object raw) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof String note)) {
            throw new InvalidInputException("note", "must be a string");
        }
        NulCharacters.check(note, "note");
        if (note.length() > MAX_NOTE) {
            throw new InvalidInputException("note", "must be at most " + MAX_NOTE + " characters, not " + note.length());
        }
        return note.isBlank() ? null : note;
    }

    /** Whether {@code tag} is a tag an experiment may have. */
    public static boolean isTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    /** One tag as a filter: blank is no filter; otherwise it must be a valid tag (400 naming {@code tag}). */
    static String filter(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        String t = tag.strip();
        if (!TAG.matcher(t).matches()) {
            throw new InvalidInputException("tag", "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'");
        }
        return t;
    }

    private static String describe(Object item) {
        if (item instanceof String s) {
            return "'" + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + "'";
        }
        return item == null ? "null" : "a " + (item instanceof Number ? "number" : "non-string value");
    }
}
