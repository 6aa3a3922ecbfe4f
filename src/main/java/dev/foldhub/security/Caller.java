package dev.foldhub.security;

import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * Who made a request: a token's name or a user's name, the role, and the token's id (null for a
 * dashboard user logged in with a password).
 */
public record Caller(String name, Role role, Long tokenId) implements AuthenticatedPrincipal {

    @Override
    public String getName() {
        return name;
    }

    /**
     * What owns a worker this caller registers: the token's id ("token:12"), since token names are not unique, or
     * for a dashboard user logged in with a password the user's name ("user:alice"; user names are unique).
     */
    public String ownerKey() {
        return tokenId != null ? "token:" + tokenId : "user:" + name;
    }
}
