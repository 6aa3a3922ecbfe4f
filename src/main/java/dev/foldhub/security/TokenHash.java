package dev.foldhub.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API token values: "fh_" + 32 random bytes (base64url), stored as their SHA-256. A slow password hash
 * is not needed: 256 random bits cannot be guessed, and a fast hash keeps each request cheap.
 */
final class TokenHash {

    static final String PREFIX = "fh_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenHash() {
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Hex SHA-256 of the token's UTF-8 bytes. */
    static String of(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
