package dev.foldhub.security;

import dev.foldhub.web.StoreFailures;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * "Authorization: Bearer &lt;token&gt;": a stored, unexpired token authenticates the request as its
 * {@link Caller}; any other value is a 401 at once. Nothing goes into a session.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    static final String SCHEME = "Bearer ";

    private final ApiTokens tokens;
    private final ApiSecurityProblems problems;

    BearerTokenFilter(ApiTokens tokens, ApiSecurityProblems problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!ApiPaths.hasBearer(request)) {
            chain.doFilter(request, response);
            return;
        }
        String token = request.getHeader("Authorization").substring(SCHEME.length()).strip();
        Optional<Caller> caller;
        try {
            caller = token.isEmpty() ? Optional.empty() : tokens.authenticate(token);
        } catch (RuntimeException e) {
            if (!StoreFailures.isUnavailable(e)) {
                throw e;
            }
            problems.unavailable(request, response); // why: a filter's exception would be a 500 error page
            return;
        }
        if (caller.isEmpty()) {
            SecurityContextHolder.clearContext();
            problems.commence(request, response, new BadCredentialsException("invalid or expired API token"));
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller.get(), null,
                List.of(new SimpleGrantedAuthority(caller.get().role().authority()))));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
