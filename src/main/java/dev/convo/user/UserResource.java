package dev.convo.user;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import dev.convo.mongo.MongoErrors;
import dev.convo.security.Caller;
import io.smallrye.mutiny.Uni;

/**
 * Sign-up and look-up of users.
 */
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class UserResource {

    private final Caller caller;

    UserResource(Caller caller) {
        this.caller = caller;
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
        return user.persist()
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
    @GET
    @Path("{email}")
    public Uni<UserBody> get(@PathParam("email") String email) {
        return User.requireByEmail(caller.requireReadAccessTo(email)).map(user -> new UserBody(UserView.of(user)));
    }
}
