package dev.foldhub.dashboard;

import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The one colour of an experiment on every page ({@code ${@colours.of(e.id())}} in a template): a hue from its id by
 * the golden angle, so neighbouring ids get far-apart hues and an experiment keeps its colour whatever else is shown.
 */
@Component("colours")
public class ExperimentColours {

    /** 360 / phi^2 degrees: successive ids walk the colour wheel without soon coming back near a used hue. */
    private static final double GOLDEN_ANGLE = 137.50776405;

    /** The experiment's colour as CSS, e.g. {@code hsl(275,65%,45%)}. */
    public String of(long experimentId) {
        return String.format(Locale.ROOT, "hsl(%d,65%%,45%%)", hue(experimentId));
    }

    /** A pale tint of the same hue, for a background behind text. */
    public String light(long experimentId) {
        return String.format(Locale.ROOT, "hsl(%d,70%%,92%%)", hue(experimentId));
    }

    static int hue(long experimentId) {
        return (int) Math.floorMod(Math.round(experimentId * GOLDEN_ANGLE), 360L);
    }
}
