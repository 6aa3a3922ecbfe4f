package dev.foldhub.security;

import dev.foldhub.web.StoreFailures;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A dashboard session lasts only while its user exists with the role it logged in with: deleting a user (or changing
 * the role) ends their sessions on their next request, on every server replica (one indexed lookup per request).
 */
final class SessionUserCheck extends OncePerRequestFilter {

    private final Users users;
    private final ApiSecurityProblems problems;

    SessionUserCheck(Users users, ApiSecurityProblems problems) {
        this.users = users;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        // only form-login sessions carry a UserDetails; bearer tokens are checked by their own cache
        boolean valid;
        try {
            valid = !(auth != null && auth.getPrincipal() instanceof UserDetails user) || stillValid(user);
        } catch (RuntimeException e) {
            if (!StoreFailures.isUnavailable(e)) {
                throw e;
            }
            problems.unavailable(request, response); // why: a filter's exception would be a 500 error page
            return;
        }
        if (!valid) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
        }
        chain.doFilter(request, response);
    }

    private boolean stillValid(UserDetails user) {
        Role role = user.getAuthorities().stream().map(a -> Role.ofAuthority(a.getAuthority()))
                .filter(r -> r != null).findFirst().orElse(null);
        return role != null && users.exists(user.getUsername(), role);
    }
}
