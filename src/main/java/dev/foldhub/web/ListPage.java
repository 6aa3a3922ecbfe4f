package dev.foldhub.web;

import java.util.List;

/** One page of a list and how many rows match its query in all. */
public record ListPage<T>(List<T> rows, long total) {
}
