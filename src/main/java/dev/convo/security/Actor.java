package dev.convo.security;

/**
 * Who a request acts as: the user's e-mail (null for an administrator who named no user) and whether the caller is
 * an administrator, who may read any user's data.
 */
public record Actor(String email, boolean admin) {

    /** Whether this actor may read what {@code ownerEmail} owns. */
    public boolean mayRead(String ownerEmail) {
        return admin || ownerEmail.equals(email);
    }

    /** Whether this actor may change what {@code ownerEmail} owns: only the owner does. */
    public boolean mayWrite(String ownerEmail) {
        return ownerEmail.equals(email);
    }
}
