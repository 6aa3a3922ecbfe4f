package dev.foldhub.ensemble;

/**
 * Where a BLEND job's time went, in seconds of wall time: loading the members' OOF into the evaluator (0 when a
 * cached evaluator served), the weight search, nested CV, threshold tuning, and the whole job from its start to the
 * stored result ({@code total}, the ensemble's {@code seconds}).
 */
record BlendTimings(double load, double search, double nestedCv, double tuning, double total) {
}
