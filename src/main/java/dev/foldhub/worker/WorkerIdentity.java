package dev.foldhub.worker;

/** A registered worker as the ownership check needs it: kind "embedded" or "remote", owner = the principal bound to it. */
record WorkerIdentity(String id, String kind, String owner) {

    boolean embedded() {
        return "embedded".equals(kind);
    }
}
