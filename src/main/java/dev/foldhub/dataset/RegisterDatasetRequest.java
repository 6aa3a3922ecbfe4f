package dev.foldhub.dataset;

/** Body of {@code POST /api/datasets}: a name and the absolute path of an iMet-layout directory. */
record RegisterDatasetRequest(String name, String path) {
}
