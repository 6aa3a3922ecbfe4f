package dev.foldhub.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL of a paged list, filter by filter: each filter is a condition of the WHERE clause with its named
 * parameters, left out when its value is null. Values only travel as parameters; SQL text comes from the caller.
 */
public final class ListSql {

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> params = new LinkedHashMap<>();

    /** {@code condition}, which names {@code :param}, when the value is not null. */
    public ListSql where(String condition, String param, Object value) {
        if (value != null) {
            conditions.add(condition);
            params.put(param, value);
        }
        return this;
    }

    /** A condition with parameters of its own (a search over several columns). */
    public ListSql where(String condition, Map<String, Object> conditionParams) {
        conditions.add(condition);
        params.putAll(conditionParams);
        return this;
    }

    /** The column holds the text, ignoring case ({@link ListQuery#containsPattern}), when the text is not null. */
    public ListSql whereContains(String column, String param, String text) {
        return where("LOWER(" + column + ") LIKE :" + param + " ESCAPE '\\'", param,
                text == null ? null : ListQuery.containsPattern(text));
    }

    /** The column's instant is at or after {@code after} and before {@code before}, each when given. */
    public ListSql whereCreated(String column, Instant after, Instant before) {
        where(column + " >= :after", "after", after == null ? null : after.atOffset(ZoneOffset.UTC));
        return where(column + " < :before", "before", before == null ? null : before.atOffset(ZoneOffset.UTC));
    }

    /** {@code " WHERE a AND b"}, or nothing without filters. */
    public String whereClause() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    public Map<String, Object> params() {
        return params;
    }

    /** The page's ids ordered by {@code column} (newest id first among equals) and how many rows match. */
    public ListPage<Long> idPage(JdbcClient jdbc, String idColumn, String table, String column, boolean descending,
                                 Paging paging) {
        String from = table + whereClause();
        long total = jdbc.sql("SELECT COUNT(*)" + from).params(params).query(Long.class).single();
        List<Long> ids = total <= paging.offset() ? List.of()
                : jdbc.sql("SELECT " + idColumn + from + orderBy(column, descending, idColumn)
                        + " LIMIT :limit OFFSET :offset").params(params)
                .param("limit", paging.limit()).param("offset", paging.offset())
                .query(Long.class).list();
        return new ListPage<>(ids, total);
    }

    /** ORDER BY the column, rows without a value last in both directions, ties newest id first. */
    public static String orderBy(String column, boolean descending, String idColumn) {
        return " ORDER BY " + column + (descending ? " DESC" : " ASC") + " NULLS LAST, " + idColumn + " DESC";
    }
}
