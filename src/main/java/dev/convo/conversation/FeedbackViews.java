package dev.convo.conversation;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.convo.validation.WellFormedText;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the feedback routes read and answer: the owner's rating of a reply, and the administrators' view of it.
 */
public final class FeedbackViews {

    /** The longest comment. */
    static final int MAX_COMMENT = 2_000;

    private FeedbackViews() {
    }

    /** A rating as requests write it. */
    @Schema(name = "Rating", enumeration = { "up", "down" })
    public enum Rating {
        @JsonProperty("up") UP,
        @JsonProperty("down") DOWN;

        Feedback.Rating stored() {
            return Feedback.Rating.valueOf(name());
        }
    }

    /** Body of {@code PUT /conversations/{id}/messages/{messageId}/feedback}. */
    @Schema(name = "FeedbackRequest", additionalProperties = Schema.False.class)
    public record Give(
            @JsonProperty("user_email") @Schema(format = "email", maxLength = 254, description = "The caller, in email mode; in header and jwt modes optional, and must be the caller") String userEmail,
            @NotNull Rating rating,
            @Size(max = MAX_COMMENT) @WellFormedText String comment) {
    }

    /** The feedback on a message, as the message shows it. */
    @RegisterForReflection // written inside message views, outside resource signatures
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Feedback", requiredProperties = { "rating", "at" })
    public record FeedbackView(@Schema(enumeration = { "up", "down" }) String rating, String comment, Instant at) {

        static FeedbackView of(Feedback feedback) {
            return feedback == null || feedback.rating == null ? null
                    : new FeedbackView(feedback.rating.shown(), feedback.comment, feedback.at);
        }
    }

    /** Answer of the feedback route: the rated reply. */
    @Schema(name = "RatedMessage", requiredProperties = { "message" })
    public record Rated(MessageView message) {
    }

    /** One rating with what it judged: the user's message and the reply, for administrators. */
    @RegisterForReflection // streamed as JSON Lines, outside resource signatures
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "FeedbackItem", requiredProperties = { "conversationId", "userEmail", "rating", "at", "reply" })
    public record Item(String conversationId, String userEmail, @Schema(enumeration = { "up", "down" }) String rating,
            String comment, Instant at,
            @Schema(description = "The user's message the reply answers (absent if it is gone)") MessageView question,
            MessageView reply) {
    }

    /** Answer of {@code GET /feedback}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "FeedbackPage", requiredProperties = { "items" })
    public record Page(List<Item> items, String nextCursor) {
    }
}
