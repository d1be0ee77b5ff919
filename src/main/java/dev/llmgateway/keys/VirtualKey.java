package dev.llmgateway.keys;

import java.time.Instant;

/**
 * A key the admin API made ({@code sk-gw-…}, kept only as the SHA-256 of its secret), or one of the
 * static keys of {@code gateway.auth.keys} (id null, no policy). {@code hint} is what listings and
 * logs show of the secret: {@code sk-gw-…a1B2}.
 */
public record VirtualKey(String id, String name, String secretHash, String hint, KeyPolicy policy,
                         Instant createdAt, Instant expiresAt, Instant revokedAt) {

    /** A static key of gateway.auth.keys or gateway.auth.adminKeys: no limits, named for the usage records. */
    public static VirtualKey staticKey(String name) {
        return new VirtualKey(null, name, null, null, KeyPolicy.NONE, null, null, null);
    }

    public boolean isStatic() {
        return id == null;
    }

    /** Revoked, or past its expiry. */
    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
