package dev.convo.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.config.ChatConfig;
import dev.convo.error.ProblemException;

/**
 * Opens the admin routes to callers that present the configured admin token as a bearer token.
 */
@ApplicationScoped
public class AdminAccess {

    private static final String BEARER = "Bearer ";

    private final ChatConfig config;

    AdminAccess(ChatConfig config) {
        this.config = config;
    }

    /** Passes for the admin token; 401 without a bearer token, 403 with another one or when none is configured. */
    public void require(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ProblemException(401, "unauthorized", "Unauthorized", "This route needs the admin token.")
                    .header("WWW-Authenticate", "Bearer");
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        boolean matches = config.adminToken()
                .filter(token -> !token.isBlank())
                .map(token -> MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), presented))
                .orElse(false);
        if (!matches) {
            throw ProblemException.forbidden("The token presented does not open admin routes.");
        }
    }
}
