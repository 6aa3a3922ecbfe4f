package dev.foldhub.security;

/**
 * A FOLDHUB_ADMIN_PASSWORD / FOLDHUB_ADMIN_TOKEN the first start cannot use: the start stops with this message
 * ({@link AdminSettingFailureAnalyzer} prints it without a stack trace, and never the value).
 */
class AdminSettingException extends IllegalStateException {

    private final String variable;

    AdminSettingException(String variable, String property, String problem) {
        super(variable + " (" + property + ") " + problem);
        this.variable = variable;
    }

    String variable() {
        return variable;
    }
}
