package dev.foldhub.errorbrowser;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/experiments/{id}/oof-errors/clean}: the new data set's name, train images to drop, and
 * attribute ids to add to or remove from images.
 */
record CleanRequest(String name, List<String> drop, Map<String, List<String>> add, Map<String, List<String>> remove) {
}
