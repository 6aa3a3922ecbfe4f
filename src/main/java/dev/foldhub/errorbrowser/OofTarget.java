package dev.foldhub.errorbrowser;

/** Which error browser a request asks for: an experiment's or an ensemble's, by id. */
public record OofTarget(String kind, long id) {

    public static OofTarget experiment(long id) {
        return new OofTarget("experiment", id);
    }

    public static OofTarget ensemble(long id) {
        return new OofTarget("ensemble", id);
    }

    boolean isEnsemble() {
        return "ensemble".equals(kind);
    }
}
