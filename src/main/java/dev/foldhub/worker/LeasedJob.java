package dev.foldhub.worker;

import dev.foldhub.queue.JobKind;

/**
 * A job as the worker that leased it knows it.
 *
 * @param lease the job row's version at lease time: every report carries it, so a report of a lost lease
 *              (the job was requeued and leased again) is refused instead of mixing two runs
 */
public record LeasedJob(long id, String workerId, JobKind kind, long subjectId, Integer fold, int attempt, long lease) {

    /** The job's name in logs: TRAIN_FOLD 12 subject 3 fold 0. */
    public String label() {
        return kind + " " + id + " subject " + subjectId + (fold == null ? "" : " fold " + fold);
    }
}
