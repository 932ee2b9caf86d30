package dev.aibilling.domain.paging;

import dev.aibilling.domain.limits.Limits;

/** A page size (validated against the documented bounds) and an opaque cursor from a previous page. */
public record PageRequest(int limit, String cursor) {
    public static PageRequest of(String limit, String cursor) {
        return new PageRequest(Limits.pageSize(limit), cursor == null || cursor.isEmpty() ? null : cursor);
    }
}
