package dev.convo.security;

import java.util.Locale;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /me}: how this service identifies callers and who the current caller is, so that a client (the web
 * client among them) knows whether to ask for an e-mail address, a token, or nothing.
 */
@Path("/me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class IdentityResource {

    private final Caller caller;

    IdentityResource(Caller caller) {
        this.caller = caller;
    }

    /** The identity mode and the caller as the service sees them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Identity", requiredProperties = { "authMode", "administrator" })
    public record Identity(
            @Schema(enumeration = { "email", "header", "jwt" },
                    description = "email: requests name their user (user_email); header: a proxy's header says who calls; jwt: a bearer token does")
            String authMode,
            @Schema(description = "The caller's e-mail address as the proxy's header or the token proved it; absent in email mode and when nothing proved one")
            String email,
            @Schema(description = "Whether the caller is an administrator (the admin token, or the admin role)")
            boolean administrator) {
    }

    @Operation(operationId = "whoAmI", summary = "How callers are identified, and who calls",
            description = "Needs no identity: says the identity mode, and the caller's e-mail address when the proxy's header or a bearer token proved one. A bearer token that is not valid is 401, as everywhere.")
    @APIResponse(responseCode = "200", description = "The mode and the caller",
            content = @Content(schema = @Schema(implementation = Identity.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @GET
    public Identity get() {
        return new Identity(caller.mode().name().toLowerCase(Locale.ROOT), caller.authenticatedEmail(),
                caller.isAdmin());
    }
}
