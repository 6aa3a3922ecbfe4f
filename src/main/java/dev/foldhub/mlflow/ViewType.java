package dev.foldhub.mlflow;

/** MLflow's ViewType of searches: ACTIVE_ONLY (the default), DELETED_ONLY or ALL lifecycle stages. */
final class ViewType {

    private ViewType() {
    }

    static String of(String requested) {
        String view = requested == null || requested.isEmpty() ? "ACTIVE_ONLY" : requested;
        if (!view.equals("ACTIVE_ONLY") && !view.equals("DELETED_ONLY") && !view.equals("ALL")) {
            throw MlflowException.invalid("Invalid view type '" + requested + "': expected ACTIVE_ONLY, DELETED_ONLY or ALL");
        }
        return view;
    }

    static boolean includes(String view, String lifecycleStage) {
        return switch (view) {
            case "ACTIVE_ONLY" -> "active".equals(lifecycleStage);
            case "DELETED_ONLY" -> "deleted".equals(lifecycleStage);
            default -> true;
        };
    }
}
