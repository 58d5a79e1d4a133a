package dev.convo.conversation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.convo.validation.WellFormedText;


/**
 * The bodies clients send to the conversation routes; field names follow the seed's API. Who {@code user_email}
 * names, and whether it is needed, is for {@link dev.convo.security.Caller} to decide.
 */
public final class ConversationRequests {

    private ConversationRequests() {
    }

    /** Body of {@code POST /conversations}; {@code stream: true} asks for Server-Sent Events. */
    public record Start(
            @JsonProperty("user_email") String userEmail,
            @JsonProperty("first_message") @NotBlank @WellFormedText String firstMessage,
            Boolean stream) {

    }

    /** Body of {@code POST /conversations/{id}/messages}; {@code stream: true} asks for Server-Sent Events. */
    public record Post(
            @JsonProperty("user_email") String userEmail,
            @NotBlank @WellFormedText String text,
            Boolean stream) {

    }

    /** The optional body of {@code DELETE /conversations/{id}} (as the seed accepted it). */
    public record Delete(@JsonProperty("user_email") String userEmail) {
    }

    /** Body of {@code PATCH /conversations/{id}}. */
    public record Rename(@JsonProperty("user_email") String userEmail, @NotBlank @Size(max = 200) @WellFormedText String title) {
    }

    /** The optional body of {@code POST .../regenerate}; {@code stream: true} asks for Server-Sent Events. */
    public record Regenerate(@JsonProperty("user_email") String userEmail, Boolean stream) {
    }
}
