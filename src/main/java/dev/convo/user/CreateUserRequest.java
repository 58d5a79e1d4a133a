package dev.convo.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import dev.convo.validation.WellFormedText;

/**
 * Body of {@code POST /users}.
 */
public record CreateUserRequest(
        @NotBlank @Size(max = 200) @WellFormedText String name,
        @EmailAddress String email) {

    public CreateUserRequest {
        name = name == null ? null : name.strip();
        email = Emails.normalize(email);
    }
}
