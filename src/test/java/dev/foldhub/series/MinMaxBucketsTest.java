package dev.foldhub.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MinMaxBucketsTest {

    /** A noisy decaying loss of n steps with one spike up and one dip down, logged in random order. */
    private static List<SeriesPoint> noisyLoss(int n) {
        Random random = new Random(7);
        List<SeriesPoint> series = new ArrayList<>();
        for (int step = 0; step < n; step++) {
            double value = 2.0 * Math.exp(-step / 20_000.0) + 0.05 * random.nextGaussian();
            if (step == 31_337) {
                value = 50.0; // a spike that averaging would flatten
            }
            if (step == 77_777) {
                value = -9.0;
            }
            series.add(new SeriesPoint(step, value));
        }
        Collections.shuffle(series, random);
        return series;
    }

    @Test
    void aHundredThousandPointsBecomeAtMostTwoThousandKeepingExtremesEndsAndStepOrder() {
        List<SeriesPoint> series = noisyLoss(100_000);
        List<SeriesPoint> thinned = MinMaxBuckets.thin(series, new StepRange(0, 99_999), 2000);

        assertThat(thinned).hasSizeLessThanOrEqualTo(2000).hasSizeGreaterThan(1000);
        assertThat(thinned).contains(new SeriesPoint(31_337, 50.0), new SeriesPoint(77_777, -9.0));
        SeriesPoint first = series.stream().filter(p -> p.step() == 0).findFirst().orElseThrow();
        SeriesPoint last = series.stream().filter(p -> p.step() == 99_999).findFirst().orElseThrow();
        assertThat(thinned.get(0)).isEqualTo(first);
        assertThat(thinned.get(thinned.size() - 1)).isEqualTo(last);
        for (int i = 1; i < thinned.size(); i++) {
            assertThat(thinned.get(i).step()).isGreaterThan(thinned.get(i - 1).step());
        }
        assertThat(series).containsAll(thinned); // only logged points, none made up
    }

    @Test
    void everyBucketKeepsItsOwnMinimumAndMaximum() {
        List<SeriesPoint> series = noisyLoss(100_000);
        int points = 202; // 100 buckets of 1,000 steps
        List<SeriesPoint> thinned = MinMaxBuckets.thin(series, new StepRange(0, 99_999), points);
        for (int b = 0; b < 100; b++) {
            long from = b * 1000L;
            List<SeriesPoint> inBucket = series.stream().filter(p -> p.step() >= from && p.step() < from + 1000).toList();
            double min = inBucket.stream().mapToDouble(SeriesPoint::value).min().orElseThrow();
            double max = inBucket.stream().mapToDouble(SeriesPoint::value).max().orElseThrow();
            assertThat(thinned).filteredOn(p -> p.step() >= from && p.step() < from + 1000)
                    .extracting(SeriesPoint::value).contains(min, max);
        }
    }

    @Test
    void aSeriesShorterThanThePointsComesBackUnchanged() {
        List<SeriesPoint> series = new ArrayList<>();
        for (int step = 0; step < 300; step++) {
            series.add(new SeriesPoint(step * 3L, Math.sin(step)));
        }
        assertThat(MinMaxBuckets.thin(series, new StepRange(0, 10_000), 2000)).isEqualTo(series);
    }

    @Test
    void theRangeRestrictsThePoints() {
        List<SeriesPoint> series = noisyLoss(100_000);
        List<SeriesPoint> zoomed = MinMaxBuckets.thin(series, new StepRange(30_000, 32_000), 2000);
        assertThat(zoomed).allSatisfy(p -> assertThat(p.step()).isBetween(30_000L, 32_000L));
        assertThat(zoomed).hasSizeLessThanOrEqualTo(2000).contains(new SeriesPoint(31_337, 50.0));
        assertThat(zoomed.get(0).step()).isEqualTo(30_000L);
        assertThat(zoomed.get(zoomed.size() - 1).step()).isEqualTo(32_000L);

        List<SeriesPoint> narrow = MinMaxBuckets.thin(series, new StepRange(31_300, 31_400), 2000);
        assertThat(narrow).hasSize(101); // few enough: every point of the range
    }

    @Test
    void nonFiniteValuesAreSkipped() {
        List<SeriesPoint> series = List.of(new SeriesPoint(0, 1), new SeriesPoint(1, Double.NaN),
                new SeriesPoint(2, Double.POSITIVE_INFINITY), new SeriesPoint(3, 2));
        assertThat(MinMaxBuckets.thin(series, new StepRange(0, 3), 10))
                .containsExactly(new SeriesPoint(0, 1), new SeriesPoint(3, 2));
    }

    @Test
    void pointsOutsideTheLimitsAndABackwardRangeAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new MinMaxBuckets(new StepRange(0, 1), 20_000))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("points"));
        assertThatThrownBy(() -> new MinMaxBuckets(new StepRange(0, 1), 2))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("points"));
        assertThatThrownBy(() -> new StepRange(5, 4))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("from"));
    }

    @Test
    void hugeStepsDoNotOverflowTheBucketArithmetic() {
        StepRange range = new StepRange(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
        assertThat(range.bucket(Long.MAX_VALUE / 2, 999)).isEqualTo(998);
        assertThat(range.bucket(Long.MIN_VALUE / 2, 999)).isZero();
    }
}
