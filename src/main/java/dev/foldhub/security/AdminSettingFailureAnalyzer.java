package dev.foldhub.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link AdminSettingException} into Spring Boot's "APPLICATION FAILED TO START" report instead of a stack trace. */
class AdminSettingFailureAnalyzer extends AbstractFailureAnalyzer<AdminSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AdminSettingException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set " + cause.variable() + " to an acceptable value, or leave it unset for a random one written to the"
                        + " data directory at the first start.", cause);
    }
}
