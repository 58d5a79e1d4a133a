package dev.convo.user;

import java.time.Instant;

/**
 * A user as the API shows it.
 */
public record UserView(String id, String name, String email, Instant createdAt) {

    public static UserView of(User user) {
        return new UserView(user.id.toHexString(), user.name, user.email, user.createdAt);
    }
}
