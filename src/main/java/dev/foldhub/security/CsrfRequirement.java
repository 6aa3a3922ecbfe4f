package dev.foldhub.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Set;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Which requests must carry a CSRF token: state-changing requests that a browser's session cookie could
 * authenticate. The login and logout forms always; API calls only when a logged-in session would
 * authenticate them (the dashboard's fetch calls send the token as a header). A bearer-token call cannot
 * be forged by another site and needs none, and a call with no session at all gets its 401 instead.
 */
final class CsrfRequirement implements RequestMatcher {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "TRACE", "OPTIONS");

    @Override
    public boolean matches(HttpServletRequest request) {
        if (SAFE.contains(request.getMethod()) || ApiPaths.hasBearer(request)) {
            return false;
        }
        return !ApiPaths.isApi(request) || loggedInSession(request);
    }

    private static boolean loggedInSession(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null
                && session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) != null;
    }
}
