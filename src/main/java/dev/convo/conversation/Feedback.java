package dev.convo.conversation;

import java.time.Instant;
import java.util.Locale;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The owner's rating of one of the model's replies, stored on the reply (at most one; a new one replaces it).
 */
@RegisterForReflection
public class Feedback {

    /** Thumbs up or down. */
    public enum Rating {
        UP,
        DOWN;

        /** {@code up} or {@code down}, as the API writes it. */
        public String shown() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Rating rating;
    /** What the owner said about the reply, if anything. */
    public String comment;
    /** When it was given (or last replaced). */
    public Instant at;

    public Feedback() {
    }

    Feedback(Rating rating, String comment, Instant at) {
        this.rating = rating;
        this.comment = comment;
        this.at = at;
    }
}
