package dev.foldhub.worker;

/** The addresses under /api/agent that a remote agent calls ({@link AgentController} serves them). */
final class AgentApiPaths {

    static final String WORKERS = "/api/agent/workers";

    private AgentApiPaths() {
    }

    static String worker(String workerId) {
        return WORKERS + "/" + workerId;
    }

    /** A job call of the worker that leased the job, with its lease: {@code .../jobs/<id>/<action>?lease=<n>}. */
    static String job(LeasedJob job, String action) {
        return worker(job.workerId()) + "/jobs/" + job.id() + "/" + action + "?lease=" + job.lease();
    }
}
