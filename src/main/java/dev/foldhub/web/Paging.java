package dev.foldhub.web;

import dev.foldhub.errors.InvalidInputException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * One page of a list endpoint ({@code limit} rows after skipping {@code offset}), and the response every paged
 * list gives: the rows as a JSON array (as before paging), the number of matching rows in {@code X-Total-Count},
 * and a {@code Link: <...>; rel="next"} header while more rows follow (the convention of {@code GET /api/jobs}).
 */
public record Paging(int limit, long offset) {

    /** Rows a page has when the request names no {@code limit}. */
    public static final int DEFAULT_LIMIT = 50;
    /** The most rows one page may ask for. */
    public static final int MAX_LIMIT = 500;

    /**
     * Whether a list request names none of its list's parameters (filters, sort, limit, offset): then it gets the
     * whole list unpaged, the response from before paging.
     */
    public static boolean noneGiven(Object... parameters) {
        return Stream.of(parameters).allMatch(Objects::isNull);
    }

    /** The page a request asks for: a 400 naming {@code limit} outside 1..500 or {@code offset} below 0. */
    public static Paging parse(Integer limit, Long offset) {
        return parse(limit, offset, DEFAULT_LIMIT, MAX_LIMIT, "rows");
    }

    /** As {@link #parse(Integer, Long)} for a list with its own default and largest page of {@code what}. */
    public static Paging parse(Integer limit, Long offset, int defaultLimit, int maxLimit, String what) {
        int size = limit == null ? defaultLimit : limit;
        long skip = offset == null ? 0 : offset;
        if (size < 1 || size > maxLimit) {
            throw new InvalidInputException("limit", "must be 1.." + maxLimit + " (" + what + " per page), not " + size);
        }
        if (skip < 0) {
            throw new InvalidInputException("offset", "must be 0 or more, not " + skip);
        }
        return new Paging(size, skip);
    }

    /** The rows of this page with the total and, when more rows follow, the next page's address (same query). */
    public <T> ResponseEntity<List<T>> response(List<T> rows, long total) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().header("X-Total-Count", String.valueOf(total));
        if (offset + rows.size() < total) {
            String next = ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("offset", offset + limit)
                    .replaceQueryParam("limit", limit).build().toUriString();
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(rows);
    }
}
