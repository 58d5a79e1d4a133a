package dev.convo.security;

import jakarta.enterprise.context.RequestScoped;

import dev.convo.config.ChatConfig;
import dev.convo.config.ChatConfig.AuthMode;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import dev.convo.user.Emails;

/**
 * The caller of the current request, as {@link IdentityFilter} found it, and the one place that decides which user
 * a request may act as or read: every route asks here.
 */
@RequestScoped
public class Caller {

    private final AuthMode mode;
    private String identity;
    private boolean admin;
    private boolean presentedToken;

    Caller(ChatConfig config) {
        this.mode = config.auth().mode();
    }

    void identify(String authenticatedEmail, boolean isAdmin, boolean presentedAnyToken) {
        this.identity = authenticatedEmail;
        this.admin = isAdmin;
        this.presentedToken = presentedAnyToken;
    }

    public boolean isAdmin() {
        return admin;
    }

    /** The identity mode the service runs in. */
    public AuthMode mode() {
        return mode;
    }

    /** The e-mail the proxy's header or a verified token proved (header and jwt modes); null when none did. */
    public String authenticatedEmail() {
        return identity;
    }

    /**
     * The user the request acts as. In email mode that is {@code claimed} (the request's user_email), which is
     * required unless the caller is an administrator; otherwise the authenticated user, and a user_email given too
     * must be theirs. An administrator presenting the admin token acts as nobody: it reads, it does not write.
     */
    public Actor actAs(String claimed, String field) {
        if (mode == AuthMode.EMAIL) {
            if (admin && (claimed == null || claimed.isBlank())) {
                return new Actor(null, true);
            }
            return new Actor(Emails.require(claimed, field), admin);
        }
        if (identity == null && admin) {
            return new Actor(null, true); // the admin token: an administrator, not a user
        }
        String authenticated = requireIdentity();
        if (claimed != null && !Emails.require(claimed, field).equals(authenticated)) {
            throw ProblemException.forbidden("The " + field + " given is not the authenticated user's.");
        }
        return new Actor(authenticated, admin);
    }

    /** Passes when the caller may read the data of user {@code email} (named in the path). */
    public String requireReadAccessTo(String email) {
        String user = Emails.require(email, "email");
        if (mode != AuthMode.EMAIL && !admin && !user.equals(requireIdentity())) {
            throw ProblemException.forbidden("This is another user's data.");
        }
        return user;
    }

    /**
     * Passes when the caller may erase user {@code email} (named in the path): the user themselves or an
     * administrator. In email mode nobody proves who they are, and an erasure cannot be undone: administrators only.
     */
    public String requireEraseAccessTo(String email) {
        if (mode == AuthMode.EMAIL) {
            requireAdmin();
            return Emails.require(email, "email");
        }
        return requireReadAccessTo(email);
    }

    /** Passes for administrators only: 401 for an anonymous caller, 403 for anyone else. */
    public void requireAdmin() {
        if (admin) {
            return;
        }
        if (mode == AuthMode.JWT ? identity == null : !presentedToken) {
            throw unauthorized("This route is for administrators.");
        }
        throw ProblemException.forbidden("This route is for administrators.");
    }

    private String requireIdentity() {
        if (identity == null) {
            throw unauthorized(mode == AuthMode.JWT ? "Sign in: send Authorization: Bearer <token>."
                    : "The request did not come through the authenticating proxy.");
        }
        return identity;
    }

    static ProblemException unauthorized(String detail) {
        return new ProblemException(ProblemCode.UNAUTHORIZED, detail).header("WWW-Authenticate", "Bearer");
    }
}
