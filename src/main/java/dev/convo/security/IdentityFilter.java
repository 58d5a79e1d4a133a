package dev.convo.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.convo.config.ChatConfig;
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
                    Log.debugf("Refused a bearer token: %s", failure.getClass().getSimpleName());
                    return ProblemMappers.toResponse(Caller.unauthorized("The bearer token is not valid."));
                });
    }

    private Uni<Response> fromToken(SecurityIdentity identity) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(ProblemMappers.toResponse(Caller.unauthorized("The bearer token is not valid.")));
        }
        Object claim = token.getClaim(config.emailClaim());
        String email = claim == null ? null : Emails.normalize(claim.toString().replace("\"", ""));
        if (email == null || email.isEmpty()) {
            return Uni.createFrom().item(ProblemMappers.toResponse(
                    Caller.unauthorized("The token has no " + config.emailClaim() + " claim.")));
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

    private String headerEmail(ContainerRequestContext request) {
        String email = Emails.normalize(request.getHeaderString(config.header()));
        return email == null || email.isEmpty() ? null : email;
    }

    private boolean isAdminToken(String bearer) {
        return bearer != null && adminToken.map(token -> MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                bearer.getBytes(StandardCharsets.UTF_8))).orElse(false);
    }

    private static boolean hasScope(JsonWebToken token, String scope) {
        Object scopes = token.getClaim("scope");
        return scopes != null && (" " + scopes.toString().replace("\"", "") + " ").contains(" " + scope + " ");
    }
}
