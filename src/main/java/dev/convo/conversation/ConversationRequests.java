package dev.convo.conversation;

import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
    /** The longest model id of the catalogue. */
    static final int MODEL_ID = 200;
    /** The longest system prompt by default (CHAT_MAX_SYSTEM_PROMPT_LENGTH), as the contract states it. */
    static final int MAX_SYSTEM_PROMPT = 8_000;
    /** No model of the catalogue asks for more reply tokens (contextTokens is at most 10,000,000). */
    static final int MAX_TOKENS = 10_000_000;
    private static final String MODEL = "The id of a model of GET /models; the default model when left out";
    private static final String TURN_MODEL = "The id of a model of GET /models, for this reply only; the conversation's model when left out";
    private static final String SYSTEM_PROMPT = "The conversation's own instructions to the model, instead of the service's";
    private static final String TEMPERATURE = "Sampling temperature sent to the model (0 to 2); the model's default when left out";
    private static final String TOP_P = "Nucleus sampling sent to the model (above 0, at most 1); the model's default when left out";
    private static final String MAX_TOKENS_TEXT = "The most tokens a reply may have, at most the model's maxTokens (GET /models); not sent to the model when left out";

    private ConversationRequests() {
    }

    /**
     * Body of {@code POST /conversations}; {@code stream: true} asks for Server-Sent Events. The settings are the
     * conversation's from then on (PATCH changes them); those left out are the model's and the service's defaults.
     */
    @Schema(name = "StartConversationRequest", additionalProperties = Schema.False.class)
    public record Start(
            @JsonProperty("user_email") @Schema(format = "email", maxLength = 254, description = USER_EMAIL) String userEmail,
            @JsonProperty("first_message") @NotBlank @WellFormedText @Schema(maxLength = MAX_TEXT) String firstMessage,
            Boolean stream,
            @Size(max = MODEL_ID) @Schema(description = MODEL) String model,
            @JsonProperty("system_prompt") @WellFormedText @Schema(maxLength = MAX_SYSTEM_PROMPT, description = SYSTEM_PROMPT) String systemPrompt,
            @DecimalMin("0") @DecimalMax("2") @Schema(description = TEMPERATURE) Double temperature,
            @JsonProperty("top_p") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") @Schema(description = TOP_P) Double topP,
            @JsonProperty("max_tokens") @Min(1) @Max(MAX_TOKENS) @Schema(description = MAX_TOKENS_TEXT) Integer maxTokens) {

        ConversationSettings settings() {
            return new ConversationSettings(model, systemPrompt, temperature, topP, maxTokens);
        }
    }

    /**
     * Body of {@code POST /conversations/{id}/messages}, and of {@code .../messages/{messageId}/edit} (the new text);
     * {@code stream: true} asks for Server-Sent Events; {@code model} picks the model of this turn only.
     */
    @Schema(name = "PostMessageRequest", additionalProperties = Schema.False.class)
    public record Post(
            @JsonProperty("user_email") @Schema(format = "email", maxLength = 254, description = USER_EMAIL) String userEmail,
            @NotBlank @WellFormedText @Schema(maxLength = MAX_TEXT) String text,
            Boolean stream,
            @Size(max = MODEL_ID) @Schema(description = TURN_MODEL) String model) {

    }

    /** The optional body of {@code DELETE /conversations/{id}} (as the seed accepted it). */
    @Schema(name = "DeleteConversationRequest", additionalProperties = Schema.False.class)
    public record Delete(@JsonProperty("user_email") @Schema(format = "email", maxLength = 254, description = USER_EMAIL) String userEmail) {
    }

    /** A setting {@code PATCH /conversations/{id}} can set back to its default. */
    @Schema(name = "ConversationSetting", enumeration = { "model", "system_prompt", "temperature", "top_p", "max_tokens" })
    public enum Setting {
        @JsonProperty("model") MODEL("model"),
        @JsonProperty("system_prompt") SYSTEM_PROMPT("systemPrompt"),
        @JsonProperty("temperature") TEMPERATURE("temperature"),
        @JsonProperty("top_p") TOP_P("topP"),
        @JsonProperty("max_tokens") MAX_TOKENS("maxTokens");

        private final String stored;

        Setting(String stored) {
            this.stored = stored;
        }

        /** The field of {@link ConversationSettings} it is stored in. */
        String stored() {
            return stored;
        }

        /** Whether {@code settings} sets it (a field both reset and set is set). */
        boolean isSetIn(ConversationSettings settings) {
            return switch (this) {
                case MODEL -> settings.model != null;
                case SYSTEM_PROMPT -> settings.systemPrompt != null;
                case TEMPERATURE -> settings.temperature != null;
                case TOP_P -> settings.topP != null;
                case MAX_TOKENS -> settings.maxTokens != null;
            };
        }

        /** {@code settings} without this one. */
        void clearIn(ConversationSettings settings) {
            switch (this) {
                case MODEL -> settings.model = null;
                case SYSTEM_PROMPT -> settings.systemPrompt = null;
                case TEMPERATURE -> settings.temperature = null;
                case TOP_P -> settings.topP = null;
                case MAX_TOKENS -> settings.maxTokens = null;
            }
        }
    }

    /**
     * Body of {@code PATCH /conversations/{id}}: renames the conversation and changes its settings. Fields left out
     * (or null) are left as they are; {@code reset} sets settings back to their defaults.
     */
    @Schema(name = "UpdateConversationRequest", additionalProperties = Schema.False.class)
    public record Update(
            @JsonProperty("user_email") @Schema(format = "email", maxLength = 254, description = USER_EMAIL) String userEmail,
            @Size(min = 1, max = 200) @WellFormedText String title,
            @Size(max = MODEL_ID) @Schema(description = MODEL) String model,
            @JsonProperty("system_prompt") @WellFormedText @Schema(maxLength = MAX_SYSTEM_PROMPT, description = SYSTEM_PROMPT) String systemPrompt,
            @DecimalMin("0") @DecimalMax("2") @Schema(description = TEMPERATURE) Double temperature,
            @JsonProperty("top_p") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") @Schema(description = TOP_P) Double topP,
            @JsonProperty("max_tokens") @Min(1) @Max(MAX_TOKENS) @Schema(description = MAX_TOKENS_TEXT) Integer maxTokens,
            @Size(max = 5) @Schema(description = "Settings set back to their defaults (before the others are set)") List<@NotNull Setting> reset) {

        ConversationSettings settings() {
            return new ConversationSettings(model, systemPrompt, temperature, topP, maxTokens);
        }

        boolean changesNothing() {
            return title == null && settings().isEmpty() && (reset == null || reset.isEmpty());
        }
    }

    /**
     * The optional body of {@code POST .../regenerate}; {@code stream: true} asks for Server-Sent Events;
     * {@code model} picks the model of this version only.
     */
    @Schema(name = "RegenerateReplyRequest", additionalProperties = Schema.False.class)
    public record Regenerate(@JsonProperty("user_email") @Schema(format = "email", maxLength = 254, description = USER_EMAIL) String userEmail, Boolean stream,
            @Size(max = MODEL_ID) @Schema(description = TURN_MODEL) String model) {
    }
}
