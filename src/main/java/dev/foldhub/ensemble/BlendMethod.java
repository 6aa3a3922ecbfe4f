package dev.foldhub.ensemble;

import dev.foldhub.errors.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;

/** The blend searches a user can ask for. */
enum BlendMethod {
    AUTO("auto"), NELDER_MEAD("nelder-mead"), GREEDY("greedy"), CMAES("cmaes");

    private final String id;

    BlendMethod(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    static BlendMethod parse(String method) {
        String wanted = method == null || method.isBlank() ? "auto" : method.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidInputException("method", "'" + method + "' is not one of "
                        + Arrays.stream(values()).map(BlendMethod::id).toList()));
    }

    BlendSearch search() {
        return switch (this) {
            case AUTO -> new AutoBlendSearch();
            case NELDER_MEAD -> new NelderMeadBlendSearch();
            case GREEDY -> new GreedyBlendSearch();
            case CMAES -> new CmaesBlendSearch();
        };
    }
}
