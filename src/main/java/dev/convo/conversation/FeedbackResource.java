package dev.convo.conversation;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import dev.convo.error.ProblemException;
import dev.convo.security.Caller;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The ratings users gave replies, for administrators: a page at a time, or all of them as JSON Lines for evaluation.
 */
@Path("/feedback")
@Tag(name = "feedback")
public class FeedbackResource {

    /** JSON Lines, under the media type most tools know it by. */
    static final String NDJSON = "application/x-ndjson";

    private final FeedbackService feedback;
    private final Caller caller;

    FeedbackResource(FeedbackService feedback, Caller caller) {
        this.feedback = feedback;
        this.caller = caller;
    }

    @Operation(operationId = "listFeedback", summary = "Ratings of replies, most recent first (administrators)",
            description = "Each rating with the reply it judged and the user's message the reply answers; since (an ISO-8601 instant) and rating filter them, nextCursor pages on. Ratings in deleted conversations are left out.")
    @APIResponse(responseCode = "200", description = "A page of ratings")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<FeedbackViews.Page> list(@QueryParam("since") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time")) String since,
            @QueryParam("rating") @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = { "up", "down" })) String rating,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20")) String limit,
            @QueryParam("cursor") String cursor) {
        caller.requireAdmin();
        return feedback.list(instant(since), rating(rating), Cursors.feedbackAfter(cursor), Paging.limit(limit, 20))
                .map(found -> new FeedbackViews.Page(found.items(),
                        found.next() == null ? null : Cursors.feedback(found.next())));
    }

    @Operation(operationId = "exportFeedback", summary = "Every rating as JSON Lines (administrators)",
            description = "The ratings of GET /feedback, one JSON object a line, most recent first, read from the database as they are sent.")
    @APIResponse(responseCode = "200", description = "One FeedbackItem a line",
            content = @Content(mediaType = NDJSON,
                    schema = @Schema(implementation = FeedbackViews.Item.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @GET
    @Path("export")
    @Produces(NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<FeedbackViews.Item> export(@QueryParam("since") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time")) String since,
            @QueryParam("rating") @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = { "up", "down" })) String rating) {
        caller.requireAdmin();
        return feedback.export(instant(since), rating(rating));
    }

    private static Instant instant(String since) {
        if (since == null || since.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(since.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField("since", "must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z");
        }
    }

    private static Feedback.Rating rating(String rating) {
        if (rating == null || rating.isEmpty()) {
            return null;
        }
        return switch (rating) {
            case "up" -> Feedback.Rating.UP;
            case "down" -> Feedback.Rating.DOWN;
            default -> throw ProblemException.invalidField("rating", "must be up or down");
        };
    }
}
