package dev.convo.security;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.user.User;
import io.smallrye.mutiny.Uni;

/**
 * Creates the user record of a caller seen for the first time (jwt mode with CHAT_AUTH_CREATE_USERS), remembering
 * who is known so that this costs one database call per user and replica, not one per request.
 */
@ApplicationScoped
class KnownUsers {

    private static final int REMEMBERED = 10_000;

    private final Set<String> known = ConcurrentHashMap.newKeySet();

    Uni<Void> ensure(String email, String name) {
        if (known.contains(email)) {
            return Uni.createFrom().voidItem();
        }
        return User.ensureExists(email, name == null || name.isBlank() ? email : name).invoke(() -> {
            if (known.size() >= REMEMBERED) {
                known.clear();
            }
            known.add(email);
        });
    }
}
