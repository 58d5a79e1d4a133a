package dev.convo.usage;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.convo.error.ProblemException;
import dev.convo.security.Caller;
import dev.convo.user.User;
import io.smallrye.mutiny.Uni;
import java.util.function.ToLongFunction;

/**
 * A user's model usage per day: replies and tokens, as the upstream reported them (else the tokenizer's count).
 */
@Path("/users/{email}/usage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class UsageResource {

    private static final int MAX_DAYS = 366;

    private final Caller caller;

    UsageResource(Caller caller) {
        this.caller = caller;
    }

    /** One day of usage. */
    @Schema(name = "UsageDay", requiredProperties = { "day", "replies", "promptTokens", "completionTokens", "totalTokens" })
    public record Day(String day, long replies, long promptTokens, long completionTokens, long totalTokens) {
        static Day of(DailyUsage usage) {
            return new Day(usage.day, usage.replies, usage.promptTokens, usage.completionTokens,
                    usage.promptTokens + usage.completionTokens);
        }
    }

    /** Answer of {@code GET /users/{email}/usage}. */
    @Schema(name = "UserUsage", requiredProperties = { "email", "days", "total", "daily" })
    public record Usage(String email, int days, Day total, List<Day> daily) {
    }

    @Operation(operationId = "getUsage", summary = "A user's model usage per UTC day",
            description = "Replies and tokens per UTC day over the last days, as the model reported them (else the tokenizer's count).")
    @APIResponse(responseCode = "200", description = "Usage")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @GET
    public Uni<Usage> get(@PathParam("email") String email, @QueryParam("days") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "366", defaultValue = "30")) String days) {
        String user = caller.requireReadAccessTo(email);
        int span = days(days);
        LocalDate since = LocalDate.now(ZoneOffset.UTC).minusDays(span - 1L);
        return User.requireByEmail(user).chain(found -> DailyUsage.since(user, since)).map(found -> {
            List<Day> daily = found.stream().map(Day::of).toList();
            Day total = new Day("total", sum(daily, Day::replies), sum(daily, Day::promptTokens),
                    sum(daily, Day::completionTokens), sum(daily, Day::totalTokens));
            return new Usage(user, span, total, daily);
        });
    }

    private static long sum(List<Day> days, ToLongFunction<Day> field) {
        return days.stream().mapToLong(field).sum();
    }

    private static int days(String raw) {
        if (raw == null || raw.isBlank()) {
            return 30;
        }
        try {
            int days = Integer.parseInt(raw.strip());
            if (days >= 1 && days <= MAX_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // falls through to the message that says what is accepted
        }
        throw ProblemException.invalidField("days", "must be a whole number from 1 to " + MAX_DAYS);
    }
}
