package dev.convo.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.convo.config.ChatConfig;
import dev.convo.error.ProblemException;
import dev.convo.error.ProblemMappers;
import dev.convo.user.Emails;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Finds out who calls, once per request and before any resource method, according to CHAT_AUTH_MODE:
 * the trusted proxy's header, a verified JWT, or nobody in particular (email mode); plus whether the caller is an
 * administrator (the admin token, or the admin role in jwt mode).
 */
class IdentityFilter {

    private static final String BEARER = "Bearer ";
    private static final String EMAIL_VERIFIED = "email_verified";

    private final ChatConfig.Auth config;
    private final Optional<String> adminToken;
    private final Caller caller;
    private final CurrentIdentityAssociation identities;
    private final KnownUsers knownUsers;

    IdentityFilter(ChatConfig config, Caller caller, CurrentIdentityAssociation identities, KnownUsers knownUsers) {
        this.config = config.auth();
        this.adminToken = config.adminToken().filter(token -> !token.isBlank());
        this.caller = caller;
        this.identities = identities;
        this.knownUsers = knownUsers;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    Uni<Response> identify(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String bearer = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).strip() : null;
        return switch (config.mode()) {
            case EMAIL -> identified(null, isAdminToken(bearer), bearer != null);
            case HEADER -> identified(headerEmail(request), isAdminToken(bearer), bearer != null);
            case JWT -> bearer == null ? identified(null, false, false) : verified();
        };
    }

    private Uni<Response> verified() {
        return identities.getDeferredIdentity()
                .flatMap(this::fromToken)
                .onFailure().recoverWithItem(failure -> {
                    if (failure instanceof ProblemException problem) {
                        return ProblemMappers.toResponse(problem); // e.g. a sign-in of a user being erased
                    }
                    Log.debugf("Refused a bearer token: %s", failure.getClass().getSimpleName());
                    return ProblemMappers.toResponse(Caller.unauthorized("The bearer token is not valid."));
                });
    }

    private Uni<Response> fromToken(SecurityIdentity identity) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(ProblemMappers.toResponse(Caller.unauthorized("The bearer token is not valid.")));
        }
        String email = stringClaim(token, config.emailClaim()).flatMap(Emails::parse).orElse(null);
        if (email == null) {
            return Uni.createFrom().item(ProblemMappers.toResponse(
                    Caller.unauthorized("The token has no valid " + config.emailClaim() + " claim.")));
        }
        if (config.requireVerifiedEmail() && isFalse(token.getClaim(EMAIL_VERIFIED))) {
            return Uni.createFrom().item(ProblemMappers.toResponse(
                    Caller.unauthorized("The token's e-mail address is not verified.")));
        }
        boolean admin = identity.hasRole(config.adminRole()) || hasScope(token, config.adminRole());
        Uni<Void> registered = config.createUsers() ? knownUsers.ensure(email, token.getName()) : Uni.createFrom().voidItem();
        return registered.map(done -> {
            caller.identify(email, admin, true);
            return null;
        });
    }

    private Uni<Response> identified(String email, boolean admin, boolean presentedToken) {
        caller.identify(email, admin, presentedToken);
        return Uni.createFrom().nullItem();
    }

    /** The proxy's header, when it holds a valid address; anything else is no identity. */
    private String headerEmail(ContainerRequestContext request) {
        return Emails.parse(request.getHeaderString(config.header())).orElse(null);
    }

    /** A claim that is a JSON string, as its value (never the JSON text with its quotes); empty for anything else. */
    private static Optional<String> stringClaim(JsonWebToken token, String name) {
        Object claim = token.getClaim(name);
        if (claim instanceof JsonString json) {
            return Optional.of(json.getString());
        }
        return claim instanceof String text ? Optional.of(text) : Optional.empty();
    }

    private static boolean isFalse(Object claim) {
        return claim == JsonValue.FALSE || Boolean.FALSE.equals(claim)
                || claim instanceof JsonString json && "false".equals(json.getString());
    }

    private boolean isAdminToken(String bearer) {
        return bearer != null && adminToken.map(token -> MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                bearer.getBytes(StandardCharsets.UTF_8))).orElse(false);
    }

    private static boolean hasScope(JsonWebToken token, String scope) {
        return stringClaim(token, "scope").map(scopes -> (" " + scopes + " ").contains(" " + scope + " ")).orElse(false);
    }
}
