package dev.convo.error;

import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers 406 {@code not_acceptable}, with a problem body and before anything is done, a request whose
 * {@code Accept} rules out every type the API answers in (JSON, problem JSON, Server-Sent Events, JSON Lines, Markdown): a client that
 * asked for XML must not get a 201 in JSON for a turn it cannot read. No {@code Accept} accepts anything.
 */
@ApplicationScoped
class AcceptableAnswers {

    private static final Set<String> ANSWERABLE = Set.of("*/*", "application/*", "application/json",
            "application/problem+json", "application/x-ndjson", "text/*", "text/event-stream", "text/markdown");

    private final String refusal;

    AcceptableAnswers(ObjectMapper json) throws JsonProcessingException {
        this.refusal = json.writeValueAsString(Problem.of(ProblemCode.NOT_ACCEPTABLE,
                "The service answers in application/json (problems in application/problem+json), text/event-stream, application/x-ndjson or text/markdown."));
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        if (accept != null && !accept.isBlank() && !context.request().path().startsWith("/q/") && !answerable(accept)) {
            context.response().setStatusCode(406).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(refusal);
            return;
        }
        context.next();
    }

    /** Whether any media range of the header, not refused with {@code q=0}, is one the API answers in. */
    static boolean answerable(String accept) {
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip().replace(" ", "");
                refused |= parameter.equals("q=0") || parameter.matches("q=0(\\.0*)?");
            }
            if (!refused && ANSWERABLE.contains(type)) {
                return true;
            }
        }
        return false;
    }
}
