package dev.convo.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.convo.validation.WellFormedText;

/**
 * Body of {@code POST /users}.
 */
@Schema(additionalProperties = Schema.False.class)
public record CreateUserRequest(
        @NotBlank @Size(max = 200) @WellFormedText String name,
        @EmailAddress @Schema(format = "email", maxLength = Emails.MAX_LENGTH) String email) {

    public CreateUserRequest {
        name = name == null ? null : name.strip();
        email = Emails.normalize(email);
    }
}
