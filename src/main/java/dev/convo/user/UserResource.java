package dev.convo.user;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.convo.error.Problem;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import dev.convo.mongo.MongoErrors;
import dev.convo.security.Caller;
import io.smallrye.mutiny.Uni;

/**
 * Sign-up, look-up and erasure of users.
 */
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class UserResource {

    private final Caller caller;
    private final Erasures erasures;

    UserResource(Caller caller, Erasures erasures) {
        this.caller = caller;
        this.erasures = erasures;
    }

    /** The envelope of every answer about one user, as the seed's clients expect it. */
    @Schema(name = "UserResult", requiredProperties = { "user" })
    public record UserBody(UserView user) {
    }

    @Operation(operationId = "createUser", summary = "Sign up a user",
            description = "Creates a user with a unique, case-insensitive e-mail address.")
    @APIResponse(responseCode = "201", description = "The user",
            content = @Content(schema = @Schema(implementation = UserBody.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @POST
    public Uni<RestResponse<UserBody>> create(@Valid @NotNull CreateUserRequest body) {
        if (!caller.isAdmin()) {
            caller.actAs(body.email(), "email"); // outside email mode, users sign up themselves only
        }
        User user = User.of(body.name(), body.email());
        return user.signUp()
                .map(stored -> RestResponse.status(RestResponse.Status.CREATED, new UserBody(UserView.of(user))))
                .onFailure(MongoErrors::isDuplicateKey)
                .transform(e -> new ProblemException(ProblemCode.USER_EXISTS,
                        "A user with this e-mail address already exists."));
    }

    @Operation(operationId = "getUser", summary = "Find a user by e-mail address",
            description = "The user with this e-mail address.")
    @APIResponse(responseCode = "200", description = "The user",
            content = @Content(schema = @Schema(implementation = UserBody.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @GET
    @Path("{email}")
    public Uni<UserBody> get(@PathParam("email") String email) {
        return User.requireByEmail(caller.requireReadAccessTo(email)).map(user -> new UserBody(UserView.of(user)));
    }

    @Operation(operationId = "eraseUser", summary = "Erase a user and all their data",
            description = "Removes the user and every document holding their data, in every collection: conversations (deleted ones too), messages, feedback, share links, usage, turn counts and idempotency records (GDPR article 17). A tombstone first stops anything new being written for them (409 user_erasing meanwhile); a last sweep, once turns begun before have ended (CHAT_ERASURE_SETTLE), removes what they wrote and the tombstone. Idempotent: calling again, or the scheduled sweep, finishes an erasure cut short. The user or an administrator; in email mode, where nobody is authenticated, administrators only (the admin token).")
    @APIResponse(responseCode = "204", description = "Erased")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @DELETE
    @Path("{email}")
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    public Uni<RestResponse<Void>> erase(@PathParam("email") String email) {
        String user = caller.requireEraseAccessTo(email);
        return erasures.erase(user).map(erased -> {
            if (!erased) {
                throw new ProblemException(ProblemCode.USER_NOT_FOUND, "No user has this e-mail address.");
            }
            return RestResponse.noContent();
        });
    }
}
