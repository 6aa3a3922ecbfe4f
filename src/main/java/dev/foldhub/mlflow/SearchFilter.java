package dev.foldhub.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MLflow's search filter and order_by syntax, the forms clients and scripts use:
 * {@code metrics.f2 > 0.5 and params.arch = 'resnet34' and tags.`foldhub.fold` = '0' and attributes.status = 'FINISHED'}
 * (clauses joined by AND; keys plain, `back-quoted` or "double-quoted"; string values in single or double quotes;
 * prefixes metric(s), param(s)/parameter(s), tag(s), attribute(s)/attr/run; a bare name is an attribute).
 */
final class SearchFilter {

    enum Entity { ATTRIBUTE, METRIC, PARAM, TAG }

    /** One comparison; value is a String, a Double, or for IN / NOT IN a List of Strings. */
    record Clause(Entity entity, String key, String comparator, Object value) {

        boolean matches(String actual) {
            if (actual == null) {
                return false;
            }
            return switch (comparator) {
                case "=" -> actual.equals(value);
                case "!=" -> !actual.equals(value);
                case "LIKE" -> LikePattern.of((String) value, false).matches(actual);
                case "ILIKE" -> LikePattern.of((String) value, true).matches(actual);
                case "IN" -> ((List<?>) value).contains(actual);
                case "NOT IN" -> !((List<?>) value).contains(actual);
                default -> throw MlflowException.invalid("Invalid comparator '" + comparator + "' for " + describe());
            };
        }

        boolean matches(Double actual) {
            if (actual == null) {
                return false;
            }
            if (!(value instanceof Double v)) {
                throw MlflowException.invalid("Expected a numeric value for " + describe() + ", got " + value);
            }
            int c = Double.compare(actual, v);
            return switch (comparator) {
                case "=" -> c == 0;
                case "!=" -> c != 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                default -> throw MlflowException.invalid("Invalid comparator '" + comparator + "' for " + describe());
            };
        }

        String describe() {
            return entity.name().toLowerCase(Locale.ROOT) + " '" + key + "'";
        }
    }

    record OrderBy(Entity entity, String key, boolean ascending) {
    }

    private static final List<String> COMPARATORS = List.of(">=", "<=", "!=", "=", ">", "<");

    private final String text;
    private int at;

    private SearchFilter(String text) {
        this.text = text;
    }

    /** The clauses of a filter string; an empty or null filter matches everything. */
    static List<Clause> parse(String filter) {
        List<Clause> clauses = new ArrayList<>();
        if (filter == null || filter.isBlank()) {
            return clauses;
        }
        SearchFilter p = new SearchFilter(filter);
        while (true) {
            clauses.add(p.clause());
            p.skipSpace();
            if (p.at >= p.text.length()) {
                return clauses;
            }
            String word = p.word();
            if (!word.equalsIgnoreCase("and")) {
                throw MlflowException.invalid("Invalid clause(s) in filter string: '" + word + "' (clauses are joined by AND)");
            }
        }
    }

    /** An order_by entry: {@code metrics.f2 DESC}, {@code attributes.start_time}, {@code start_time ASC}. */
    static OrderBy orderBy(String entry) {
        SearchFilter p = new SearchFilter(entry.strip());
        Key key = p.key();
        p.skipSpace();
        boolean ascending = true;
        if (p.at < p.text.length()) {
            String direction = p.word().toUpperCase(Locale.ROOT);
            if (!direction.equals("ASC") && !direction.equals("DESC")) {
                throw MlflowException.invalid("Invalid order_by clause '" + entry + "': expected ASC or DESC");
            }
            ascending = direction.equals("ASC");
            p.skipSpace();
        }
        if (p.at < p.text.length()) {
            throw MlflowException.invalid("Invalid order_by clause '" + entry + "'");
        }
        return new OrderBy(key.entity, key.name, ascending);
    }

    private record Key(Entity entity, String name) {
    }

    private Clause clause() {
        Key key = key();
        skipSpace();
        String comparator = comparator();
        skipSpace();
        Object value;
        if (comparator.endsWith("IN")) {
            value = list();
        } else if (peek() == '\'' || peek() == '"') {
            value = quoted();
        } else {
            String number = token();
            try {
                value = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                throw MlflowException.invalid("Invalid value '" + number + "' in filter: strings are quoted, numbers plain");
            }
        }
        return new Clause(key.entity, key.name, comparator, value);
    }

    private Key key() {
        skipSpace();
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
            at++;
        }
        String first = text.substring(start, at);
        if (first.isEmpty()) {
            throw MlflowException.invalid("Invalid filter at position " + start + " of '" + text + "': expected a key");
        }
        if (peek() != '.') {
            return new Key(Entity.ATTRIBUTE, first);
        }
        at++;
        Entity entity = switch (first.toLowerCase(Locale.ROOT)) {
            case "metric", "metrics" -> Entity.METRIC;
            case "param", "params", "parameter", "parameters" -> Entity.PARAM;
            case "tag", "tags" -> Entity.TAG;
            case "attribute", "attributes", "attr", "run" -> Entity.ATTRIBUTE;
            default -> throw MlflowException.invalid("Invalid entity type '" + first + "' in '" + text
                    + "': expected metrics, params, tags or attributes");
        };
        String name = peek() == '`' || peek() == '"' ? quoted() : token();
        if (name.isEmpty()) {
            throw MlflowException.invalid("Invalid filter '" + text + "': a key is missing after '" + first + ".'");
        }
        return new Key(entity, name);
    }

    private String comparator() {
        for (String c : COMPARATORS) {
            if (text.startsWith(c, at)) {
                at += c.length();
                return c;
            }
        }
        String word = word().toUpperCase(Locale.ROOT);
        if (word.equals("NOT")) {
            skipSpace();
            if (word().equalsIgnoreCase("IN")) {
                return "NOT IN";
            }
        } else if (word.equals("LIKE") || word.equals("ILIKE") || word.equals("IN")) {
            return word;
        }
        throw MlflowException.invalid("Invalid comparator in filter '" + text + "' near position " + at);
    }

    private List<String> list() {
        if (peek() != '(') {
            throw MlflowException.invalid("Invalid filter '" + text + "': IN expects a list like ('a', 'b')");
        }
        at++;
        List<String> values = new ArrayList<>();
        while (true) {
            skipSpace();
            values.add(quoted());
            skipSpace();
            char c = peek();
            at++;
            if (c == ')') {
                return values;
            }
            if (c != ',') {
                throw MlflowException.invalid("Invalid filter '" + text + "': unterminated list");
            }
        }
    }

    private String quoted() {
        char quote = peek();
        if (quote != '\'' && quote != '"' && quote != '`') {
            throw MlflowException.invalid("Invalid filter '" + text + "': expected a quoted string at position " + at);
        }
        int end = text.indexOf(quote, at + 1);
        if (end < 0) {
            throw MlflowException.invalid("Invalid filter '" + text + "': unterminated string");
        }
        String value = text.substring(at + 1, end);
        at = end + 1;
        return value;
    }

    /** Characters up to a space, a comparator or a parenthesis. */
    private String token() {
        int start = at;
        while (at < text.length() && " \t\n=!<>()".indexOf(text.charAt(at)) < 0) {
            at++;
        }
        return text.substring(start, at);
    }

    private String word() {
        int start = at;
        while (at < text.length() && Character.isLetter(text.charAt(at))) {
            at++;
        }
        return text.substring(start, at);
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }
}
