package dev.convo.conversation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.convo.validation.WellFormedText;


/**
 * The bodies clients send to the conversation routes; field names follow the seed's API. Who {@code user_email}
 * names, and whether it is needed, is for {@link dev.convo.security.Caller} to decide.
 */
public final class ConversationRequests {

    /** The longest message by default (CHAT_MAX_MESSAGE_LENGTH), as the contract states it. */
    static final int MAX_TEXT = 32_000;
    private static final String USER_EMAIL = "The caller, in email mode; in header and jwt modes optional, and must be the caller";

    private ConversationRequests() {
    }

    /** Body of {@code POST /conversations}; {@code stream: true} asks for Server-Sent Events. */
    @Schema(name = "StartConversationRequest", additionalProperties = Schema.False.class)
    public record Start(
            @JsonProperty("user_email") @Schema(format = "email", maxLength = 254, description = USER_EMAIL) String userEmail,
            @JsonProperty("first_message") @NotBlank @WellFormedText @Schema(maxLength = MAX_TEXT) String firstMessage,
            Boolean stream) {

    }

    /** Body of {@code POST /conversations/{id}/messages}; {@code stream: true} asks for Server-Sent Events. */
    @Schema(name = "PostMessageRequest", additionalProperties = Schema.False.class)
    public record Post(
            @JsonProperty("user_email") @Schema(format = "email", maxLength = 254, description = USER_EMAIL) String userEmail,
            @NotBlank @WellFormedText @Schema(maxLength = MAX_TEXT) String text,
            Boolean stream) {

    }

    /** The optional body of {@code DELETE /conversations/{id}} (as the seed accepted it). */
    @Schema(name = "DeleteConversationRequest", additionalProperties = Schema.False.class)
    public record Delete(@JsonProperty("user_email") @Schema(format = "email", maxLength = 254, description = USER_EMAIL) String userEmail) {
    }

    /** Body of {@code PATCH /conversations/{id}}. */
    @Schema(name = "RenameConversationRequest", additionalProperties = Schema.False.class)
    public record Rename(@JsonProperty("user_email") @Schema(format = "email", maxLength = 254, description = USER_EMAIL) String userEmail, @NotBlank @Size(max = 200) @WellFormedText String title) {
    }

    /** The optional body of {@code POST .../regenerate}; {@code stream: true} asks for Server-Sent Events. */
    @Schema(name = "RegenerateReplyRequest", additionalProperties = Schema.False.class)
    public record Regenerate(@JsonProperty("user_email") @Schema(format = "email", maxLength = 254, description = USER_EMAIL) String userEmail, Boolean stream) {
    }
}
