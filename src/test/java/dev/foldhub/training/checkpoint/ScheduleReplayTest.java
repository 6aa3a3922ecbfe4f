package dev.foldhub.training.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.training.EpochStats;
import dev.foldhub.training.FoldCheckpoints;
import dev.foldhub.training.schedule.LrDriver;
import dev.foldhub.training.schedule.LrPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A resumed fold's lr schedule is replayed from the saved epochs (F2 and batch counts) to where it was. */
class ScheduleReplayTest {

    private static final double[] F2 = {0.5, 0.4, 0.4, 0.3, 0.35};
    private static final int BATCHES = 3;

    // guards the replay for schedules that depend on validation F2 (plateau), on batches (cyclic) and on epoch starts
    // with restarts (cosine): after replaying 4 epochs the 5th epoch's lrs equal those of the uninterrupted schedule
    @Test
    void replayedSchedulesContinueLikeTheUninterruptedOnes() {
        List<LrPlan> plans = List.of(
                new LrPlan("reduce_lr_on_plateau", Map.of("patience", 1.0, "factor", 0.5), null, 1, 1, 1000, 0, 0, 0,
                        List.of()),
                new LrPlan("cyclic_lr", Map.of("base_lr", 1e-4, "max_lr", 1e-3, "step_size_up", 4.0), null, 1, 1, 1000,
                        0, 0, 0, List.of()),
                new LrPlan("", Map.of(), 1e-3, 2, 1, 4, 0, 0, 0, List.of()));
        for (LrPlan plan : plans) {
            LrDriver live = new LrDriver(plan, 1e-3, BATCHES);
            List<Double> expected = new ArrayList<>();
            for (int e = 0; e < F2.length; e++) {
                List<Double> lrs = epoch(live, F2[e]);
                if (e == F2.length - 1) {
                    expected = lrs;
                }
            }
            List<EpochStats> done = new ArrayList<>();
            for (int e = 0; e < F2.length - 1; e++) {
                done.add(new EpochStats(e + 1, 0.1, F2[e], 0.2, 0, 1, 1));
            }
            int[] batches = {BATCHES, BATCHES, BATCHES, BATCHES};
            ResumeState state = new ResumeState("x", 4, 1, 0.5, 0.2, "best.params", 1, 1, new float[1], done, batches,
                    List.of());
            FoldResume resume = new FoldResume(new FoldCheckpoints(Path.of("unused"), "e", 0), "x", 1, 1, state,
                    List.of());
            LrDriver replayed = new LrDriver(plan, 1e-3, BATCHES);
            resume.replay(replayed);
            assertThat(epoch(replayed, F2[F2.length - 1])).as(plan.scheduler()).isEqualTo(expected);
            assertThat(expected).as("the schedule moved: " + plan.scheduler()).isNotEqualTo(epoch(new LrDriver(plan, 1e-3,
                    BATCHES), F2[0]));
        }
    }

    private static List<Double> epoch(LrDriver lr, double f2) {
        List<Double> lrs = new ArrayList<>();
        lr.startEpoch();
        for (int b = 0; b < BATCHES; b++) {
            lrs.add(lr.lr());
            lr.afterBatch();
        }
        lr.afterEpoch(f2);
        return lrs;
    }
}
