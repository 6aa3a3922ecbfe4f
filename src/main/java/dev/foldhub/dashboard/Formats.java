package dev.foldhub.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
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

    public String text(Object value) {
        return value == null ? NONE : value.toString();
    }
}
