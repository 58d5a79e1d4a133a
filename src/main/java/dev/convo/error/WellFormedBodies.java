package dev.convo.error;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Reads the body of every write before routing, up to the size limit, so that it can be checked once for all
 * routes: it must be valid UTF-8 (an overlong encoding, which a lenient decoder reads as another character, is a 400
 * {@code malformed_json}, not stored as something else than what was sent), and a body that ends up over the limit
 * (sent chunked, with no length to refuse it by up front) is a 413 problem, not a bare status.
 */
@ApplicationScoped
class WellFormedBodies {

    /** After the drain's refusal of writes (which needs no body) and before the stream selector (which reads it). */
    static final int ORDER = Integer.MIN_VALUE + 4;

    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    private final long maxBytes;
    private final String malformed;
    private final String tooLarge;

    WellFormedBodies(dev.convo.config.ChatConfig config,
            ObjectMapper json) throws JsonProcessingException {
        this.maxBytes = config.maxBodySize().asLongValue();
        this.malformed = json.writeValueAsString(Problem.of(ProblemCode.MALFORMED_JSON,
                "The request body is not valid UTF-8."));
        this.tooLarge = json.writeValueAsString(Problem.of(ProblemCode.PAYLOAD_TOO_LARGE,
                "The request body is larger than the service accepts."));
    }

    void install(@Observes Router router) {
        BodyHandler read = BodyHandler.create(false).setBodyLimit(maxBytes);
        router.route().order(ORDER)
                .handler(context -> {
                    if (BodyLimit.isStreamedIn(context.request().path())) {
                        // read as it comes by the route itself: held until it starts reading
                        context.request().pause();
                        context.next();
                    } else if (WRITES.contains(context.request().method()) && !context.request().path().startsWith("/q/")) {
                        read.handle(context);
                    } else {
                        context.next();
                    }
                })
                .handler(this::check)
                .failureHandler(this::tooLarge);
    }

    private void check(RoutingContext context) {
        Buffer body = context.body().buffer();
        if (BodyLimit.isStreamedIn(context.request().path())) {
            context.next(); // not read yet: the route reads it
            return;
        }
        if (body == null) {
            // nothing was sent: an empty body must look read, or the resource would wait for the ended request
            ((RoutingContextInternal) context).setBody(Buffer.buffer());
        } else if (!isUtf8(body)) {
            answer(context, 400, malformed);
            return;
        }
        context.next();
    }

    private void tooLarge(RoutingContext context) {
        if (context.statusCode() == 413) {
            answer(context, 413, tooLarge);
        } else {
            context.next();
        }
    }

    private static void answer(RoutingContext context, int status, String problem) {
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(problem);
    }

    static boolean isUtf8(Buffer body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body.getBytes()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
