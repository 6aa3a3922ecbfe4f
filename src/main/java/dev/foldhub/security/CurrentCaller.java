package dev.foldhub.security;

import java.util.Objects;
import java.util.Optional;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Who is calling, for controllers and services: name, role and token id of the current request. */
@Component
public class CurrentCaller {

    /** The authenticated caller of this request (thread), or empty for an anonymous one. */
    public Optional<Caller> find() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        if (auth.getPrincipal() instanceof Caller caller) {
            return Optional.of(caller); // a bearer token
        }
        // a dashboard user: one authority, its role
        return auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).map(Role::ofAuthority)
                .filter(Objects::nonNull).findFirst().map(role -> new Caller(auth.getName(), role, null));
    }

    /** The authenticated caller; only for code behind an authenticated endpoint. */
    public Caller get() {
        return find().orElseThrow(() -> new IllegalStateException("no authenticated caller"));
    }
}
