package dev.foldhub.training.schedule;

import java.util.List;
import java.util.Map;

/**
 * Drives an {@link LrPlan} through a fold as train.py does: the cosine schedule when cosine.start_lr is set, else
 * the named scheduler starting from the optimizer's lr; at an lr_decay milestone (0-based epoch) the scheduler is
 * rebuilt from scheduler.params.base_lr * coeff^n with cyclic_lr's base_lr and max_lr scaled by coeff^n.
 */
public final class LrDriver implements LrSchedule {

    private final LrPlan plan;
    private final double optimizerLr;
    private LrSchedule schedule;
    private int epoch = -1;

    public LrDriver(LrPlan plan, double optimizerLr, int stepsPerEpoch) {
        this.plan = plan;
        this.optimizerLr = optimizerLr;
        this.schedule = plan.cosineStartLr() != null
                ? new CosineRestartsLr(plan.cosineStartLr(), plan.cosinePeriod(), plan.cosinePeriodInc(),
                        plan.cosineMaxPeriod(), stepsPerEpoch)
                : scheduler(optimizerLr, 1);
    }

    /** The warmup epoch's schedule (CyclicLR from 0 to warmup.max_lr over warmup.steps batches), or null. */
    public LrSchedule warmup() {
        return plan.warmupSteps() <= 0 ? null
                : new CyclicLr(0, plan.warmupMaxLr(), plan.warmupSteps(), 0, 1, true);
    }

    @Override
    public void startEpoch() {
        epoch++;
        List<Integer> milestones = plan.lrDecayMilestones();
        if (plan.lrDecayCoeff() != 0 && milestones.contains(epoch)) {
            double coeff = Math.pow(plan.lrDecayCoeff(), milestones.indexOf(epoch) + 1);
            schedule = scheduler(number("base_lr", optimizerLr) * coeff, coeff);
        }
        schedule.startEpoch();
    }

    @Override
    public double lr() {
        return schedule.lr();
    }

    @Override
    public void afterBatch() {
        schedule.afterBatch();
    }

    @Override
    public void afterEpoch(double f2) {
        schedule.afterEpoch(f2);
    }

    private LrSchedule scheduler(double lr0, double coeff) {
        Map<String, Object> p = plan.params();
        return switch (plan.scheduler()) {
            case "cyclic_lr" -> {
                double up = number("step_size_up", 2000);
                yield new CyclicLr(number("base_lr", 0.001) * coeff, number("max_lr", 0.01) * coeff, up,
                        number("step_size_down", up), number("gamma", 1.0),
                        !"iterations".equals(p.getOrDefault("scale_mode", "cycle")));
            }
            case "reduce_lr_on_plateau" -> new PlateauLr(lr0, !"min".equals(p.getOrDefault("mode", "max")),
                    number("factor", 0.1), (int) number("patience", 10), number("threshold", 1e-4),
                    !"abs".equals(p.getOrDefault("threshold_mode", "rel")), (int) number("cooldown", 0),
                    number("min_lr", 0));
            case "multi_step" -> EpochDecayLr.multiStep(lr0, milestones(p.get("milestones")), number("gamma", 0.1));
            case "step" -> EpochDecayLr.step(lr0, (int) number("step_size", 10), number("gamma", 0.1));
            case "exponential" -> EpochDecayLr.exponential(lr0, number("gamma", 0.995));
            case "", "none" -> EpochDecayLr.constant(lr0);
            default -> throw new IllegalArgumentException("unsupported scheduler '" + plan.scheduler() + "'");
        };
    }

    private double number(String name, double ifUnset) {
        Object value = plan.params().get(name);
        return value instanceof Number n ? n.doubleValue() : ifUnset;
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> milestones(Object value) {
        return value == null ? List.of(500, 5000) : (List<Integer>) value; // schedulers.multi_step's default
    }
}
