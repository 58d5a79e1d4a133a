package dev.convo.user;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A user as the API shows it.
 */
@Schema(name = "User", requiredProperties = { "id", "name", "email", "createdAt" })
public record UserView(String id, String name, String email, Instant createdAt) {

    public static UserView of(User user) {
        return new UserView(user.id.toHexString(), user.name, user.email, user.createdAt);
    }
}
