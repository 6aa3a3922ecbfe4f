package dev.foldhub.ensemble;

import dev.foldhub.dataset.LabelGroups;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobRunner;
import dev.foldhub.queue.JobStoppedException;
import dev.foldhub.scoring.BlendEvaluator;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs a BLEND job: loads the members' OOF, searches the weights, estimates the blend honestly with
 * nested CV, tunes thresholds for the report, stores the outcome, then searches and stores the post-processing rule.
 */
@Component
class BlendJobRunner implements JobRunner {

    private static final Logger log = LoggerFactory.getLogger(BlendJobRunner.class);

    private final EnsembleService ensembles;
    private final EnsembleResults results;
    private final BlendProblemLoader loader;
    private final PostprocessStep postprocess;

    BlendJobRunner(EnsembleService ensembles, EnsembleResults results, BlendProblemLoader loader,
                   PostprocessStep postprocess) {
        this.ensembles = ensembles;
        this.results = results;
        this.loader = loader;
        this.postprocess = postprocess;
    }

    @Override
    public JobKind kind() {
        return JobKind.BLEND;
    }

    @Override
    public void run(Job job, String device, BooleanSupplier stop) {
        long start = System.nanoTime();
        long cpu = ProcessCpu.nanos();
        EnsembleResults.Request request = results.request(job.subjectId());
        BlendProblem problem = loader.load(request.datasetId(), request.foldAssignmentId(), request.experimentIds(),
                request.folds());
        BlendEvaluator evaluator = problem.evaluator();
        double load = secondsSince(start);
        log.info("job {}: blend '{}' of {} models over {} rows loaded in {} s ({} candidate positions, {} under the"
                        + " margin with floor {}, {} MB)", job.id(), request.name(), evaluator.models(), evaluator.rows(),
                String.format("%.1f", load), evaluator.candidates(), evaluator.belowCandidates(), evaluator.belowFloor(),
                evaluator.estimatedBytes() >> 20);
        checkStop(stop);
        long step = System.nanoTime();
        long stepCpu = ProcessCpu.nanos();
        BlendSearch search = request.method().search();
        // the search on all rows and nested CV's searches run side by side, scored in shared passes over the data; a
        // partial blend of one common fold has nothing to hold out: nestedCvF2 stays null (EnsembleView says why)
        NestedCv.SearchAndNestedCv searched = new NestedCv(search).searchAndRun(problem);
        BlendResult result = searched.result();
        NestedCvResult nested = searched.nested();
        double[] equal = new double[evaluator.models()];
        Arrays.fill(equal, 1.0 / equal.length);
        double equalF2 = evaluator.f2(equal, 0.0);
        double joint = secondsSince(step);
        double searchSeconds = searched.searchSeconds();
        double nestedSeconds = joint - searchSeconds;
        log.info("job {}: searches scored {} weight vectors, {} of them from reference blends and the rest in {} passes,"
                        + " in {} s ({} s of the process's CPU)", job.id(), searched.points(), searched.fromReferences(),
                searched.passes(), round(joint), round(ProcessCpu.secondsSince(stepCpu)));
        checkStop(stop);
        step = System.nanoTime();
        stepCpu = ProcessCpu.nanos();
        // the post-processing, and the plain thresholds' tuning on its sorted blend at the found weights
        PostprocessStep.Result post = postprocess.run(job.subjectId(), request, problem, result.weights(), nested);
        TunedThresholds tuned = post.thresholds();
        double[] groups = tuned.groupThresholds();
        LabelGroups names = postprocess.labelGroups(request.datasetId());
        int culture = names.indexOf(LabelGroups.CULTURE);
        int tag = names.indexOf(LabelGroups.TAG);
        log.info("job {}: post-processing '{}' chosen (OOF F2 {}, nested CV {}) in {} s ({} s of the process's CPU)",
                job.id(), post.view().chosen(), post.view().chosenRule().oofF2(), post.view().chosenRule().nestedCvF2(),
                String.format("%.1f", post.view().seconds()), round(ProcessCpu.secondsSince(stepCpu)));
        double tuningSeconds = secondsSince(step);
        BlendTimings timings = new BlendTimings(load, searchSeconds, nestedSeconds, tuningSeconds, secondsSince(start));
        Double nestedF2 = nested == null ? null : nested.pooledF2();
        BlendOutcome outcome = new BlendOutcome(result.method(), result.weights(), result.f2(), equalF2,
                nestedF2, result.evaluations(), timings, tuned.threshold(), tuned.thresholdF2(),
                culture >= 0 ? groups[culture] : null, tag >= 0 ? groups[tag] : null, tuned.groupF2());
        results.record(job.subjectId(), outcome);
        log.info("job {}: blend '{}' by {}: OOF F2 {} (equal weights {}, nested CV {}) in {} evaluations; {} s: load {},"
                        + " search {}, nested CV {}, tuning and post-processing {}; {} s of the process's CPU on {}"
                        + " cores", job.id(), request.name(), result.method(), result.f2(), equalF2, nestedF2,
                result.evaluations(), round(timings.total()), round(load), round(searchSeconds), round(nestedSeconds),
                round(tuningSeconds), round(ProcessCpu.secondsSince(cpu)), Runtime.getRuntime().availableProcessors());
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    private static String round(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    private static void checkStop(BooleanSupplier stop) {
        if (stop.getAsBoolean()) {
            throw new JobStoppedException("blend search stopped");
        }
    }
}
