package dev.foldhub.security;

import dev.foldhub.errors.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a caller may do. viewer reads everything; member also submits and cancels; admin also manages
 * users and tokens. worker is apart from the others: it may only use the worker API (/api/agent/**).
 */
public enum Role {
    VIEWER, MEMBER, ADMIN, WORKER;

    /** The name in JSON and in the database: "viewer", "member", "admin", "worker". */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority, e.g. ROLE_MEMBER (the hierarchy admin > member > viewer adds the rest). */
    public String authority() {
        return "ROLE_" + name();
    }

    /** A role by its key, or a 400 naming {@code field}. */
    public static Role parse(String value, String field) {
        for (Role role : values()) {
            if (role.key().equals(value)) {
                return role;
            }
        }
        throw new InvalidInputException(field, "must be one of " + Arrays.stream(values()).map(Role::key)
                .collect(Collectors.joining(", ")) + ", got " + value);
    }

    /** The role of a granted authority, or null when it is none of ours. */
    static Role ofAuthority(String authority) {
        for (Role role : values()) {
            if (role.authority().equals(authority)) {
                return role;
            }
        }
        return null;
    }
}
