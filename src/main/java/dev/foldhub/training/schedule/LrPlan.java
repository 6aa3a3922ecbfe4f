package dev.foldhub.training.schedule;

import java.util.List;
import java.util.Map;

/**
 * The learning-rate part of a config, as train.py uses it.
 *
 * @param scheduler         scheduler.name: cyclic_lr, reduce_lr_on_plateau, multi_step, step, exponential, none or ""
 * @param params            scheduler.params, normalised (numbers as Double, milestones as a list of Integer)
 * @param cosineStartLr     cosine.start_lr, or null; when set the cosine schedule with restarts drives the lr and
 *                          scheduler is unused (train.py's --cosine defaults to on and then needs start_lr)
 * @param cosinePeriod      cosine.period, in epochs
 * @param cosinePeriodInc   cosine.period_inc
 * @param cosineMaxPeriod   cosine.max_period
 * @param warmupSteps       train.warmup.steps when train.enable_warmup, else 0
 * @param warmupMaxLr       train.warmup.max_lr
 * @param lrDecayCoeff      train.lr_decay_coeff, 0 for none
 * @param lrDecayMilestones train.lr_decay_milestones, 0-based epochs as in the reference
 */
public record LrPlan(String scheduler, Map<String, Object> params, Double cosineStartLr, int cosinePeriod,
                     int cosinePeriodInc, int cosineMaxPeriod, int warmupSteps, double warmupMaxLr,
                     double lrDecayCoeff, List<Integer> lrDecayMilestones) {

    /** A constant learning rate: no scheduler, no cosine, no warmup, no decay. */
    public static final LrPlan CONSTANT = new LrPlan("", Map.of(), null, 1, 1, 1000, 0, 0, 0, List.of());

    public LrPlan {
        params = Map.copyOf(params);
        lrDecayMilestones = List.copyOf(lrDecayMilestones);
    }
}
