package dev.foldhub.dashboard;

/** Where a job's subject is shown: the page's address (null when the subject is gone) and how to name it. */
record JobLink(String href, String label) {
}
