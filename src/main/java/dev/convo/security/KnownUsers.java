package dev.convo.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.user.User;
import io.smallrye.mutiny.Uni;

/**
 * Creates the user record of a caller seen for the first time (jwt mode with CHAT_AUTH_CREATE_USERS), remembering
 * who is known for a while so that this costs one database call per user, replica and ten minutes, not one per
 * request; a user erased meanwhile is created again at their next sign-in after that, never before the erasure ends.
 */
@ApplicationScoped
class KnownUsers {

    private static final int REMEMBERED = 10_000;

    private static final long REMEMBER_NANOS = Duration.ofMinutes(10).toNanos();

    /** When each known user was last seen created, in {@link System#nanoTime()}. */
    private final Map<String, Long> known = new ConcurrentHashMap<>();

    Uni<Void> ensure(String email, String name) {
        Long since = known.get(email);
        if (since != null && System.nanoTime() - since < REMEMBER_NANOS) {
            return Uni.createFrom().voidItem();
        }
        return User.ensureExists(email, name == null || name.isBlank() ? email : name).invoke(() -> {
            if (known.size() >= REMEMBERED) {
                known.clear();
            }
            known.put(email, System.nanoTime());
        });
    }
}
