package dev.foldhub.queue;

/** What a job does; the subject id's meaning depends on it. */
public enum JobKind {
    /** Train one fold of an experiment: subject = experiment id, fold = the fold. */
    TRAIN_FOLD,
    /** Search the blend weights of an ensemble: subject = ensemble id, no fold. */
    BLEND,
    /** Predict the test set with one fold model: subject = submission_inputs id, fold = the fold. */
    TEST_PREDICT,
    /** Blend a submission's stored test predictions into its CSV: subject = submission id, no fold. */
    SUBMISSION,
    /** Recompute a fold's OOF predictions from its best checkpoint: subject = oof_recomputations id, fold = the fold. */
    PREDICT_OOF
}
