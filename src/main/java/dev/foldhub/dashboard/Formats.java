package dev.foldhub.dashboard;

import dev.foldhub.submission.SubmissionView;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Number and time formats of the dashboard's templates, as {@code ${@fmt.score(x)}}; a missing value is a dash. */
@Component("fmt")
class Formats {

    private static final String NONE = "–";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    /** An F2 score or a correlation, 4 decimals. */
    public String score(Double value) {
        return value == null ? NONE : String.format(Locale.ROOT, "%.4f", value);
    }

    /** A gain in F2 with its sign, 4 decimals: "+0.0123". */
    public String gain(Double value) {
        return value == null ? NONE : String.format(Locale.ROOT, "%+.4f", value);
    }

    /** A weight or a threshold, 3 decimals. */
    public String small(Double value) {
        return value == null ? NONE : String.format(Locale.ROOT, "%.3f", value);
    }

    /** A mean epoch number or a rate (images/s), 1 decimal. */
    public String one(Double value) {
        return value == null ? NONE : String.format(Locale.ROOT, "%.1f", value);
    }

    public String seconds(Double value) {
        return value == null ? NONE : String.format(Locale.ROOT, "%.1f s", value);
    }

    public String time(Instant at) {
        return at == null ? NONE : TIME.format(at);
    }

    /** How long ago, for heartbeats: "12 s ago". */
    public String ago(Instant at) {
        return at == null ? NONE : Duration.between(at, Instant.now()).toSeconds() + " s ago";
    }

    /** A size in bytes with a binary unit, 3 significant digits from KiB on: "512 B", "1.50 KiB", "23.4 MiB", "118 GiB". */
    public String bytes(Long value) {
        if (value == null) {
            return NONE;
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double size = value;
        int unit = 0;
        while (Math.abs(size) >= 1024 && unit < units.length - 1) {
            size /= 1024;
            unit++;
        }
        if (unit == 0) {
            return value + " B";
        }
        String pattern = Math.abs(size) >= 100 ? "%.0f %s" : Math.abs(size) >= 10 ? "%.1f %s" : "%.2f %s";
        return String.format(Locale.ROOT, pattern, size, units[unit]);
    }

    public String text(Object value) {
        return value == null ? NONE : value.toString();
    }

    /** A submission's ensemble weights, the largest first, shortened to three ("e12 0.520 · e7 0.310 +2"). */
    public String weights(List<SubmissionView.Weight> weights) {
        List<SubmissionView.Weight> sorted = byWeight(weights);
        String shown = sorted.stream().limit(3).map(w -> "e" + w.experiment() + " " + small(w.weight()))
                .collect(Collectors.joining(" · "));
        return sorted.size() > 3 ? shown + " +" + (sorted.size() - 3) : shown;
    }

    /** Every weight of a submission's ensemble, for the cell's hover text. */
    public String allWeights(List<SubmissionView.Weight> weights) {
        return byWeight(weights).stream().map(w -> "experiment " + w.experiment() + ": " + small(w.weight()))
                .collect(Collectors.joining(", "));
    }

    private static List<SubmissionView.Weight> byWeight(List<SubmissionView.Weight> weights) {
        return weights.stream().sorted(Comparator.comparing(SubmissionView.Weight::weight,
                Comparator.nullsLast(Comparator.reverseOrder()))).toList();
    }
}
