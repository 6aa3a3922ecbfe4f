package dev.foldhub.submission;

/** The submission with the highest public leaderboard score (ties: the newest), with its ensemble's name. */
public record BestLeaderboard(long submission, long ensemble, String ensembleName, double publicScore) {
}
