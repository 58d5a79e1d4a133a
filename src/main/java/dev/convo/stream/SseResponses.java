package dev.convo.stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.convo.config.ChatConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Sends stream events as Server-Sent Events, with heartbeats that keep proxies from closing a quiet stream.
 * A failure before the first event (bad input, not the owner) is answered as a problem body.
 */
@ApplicationScoped
public class SseResponses {

    private static final Object HEARTBEAT = new Object();
    private static final Object FINISHED = new Object();

    private final ChatConfig.Stream config;
    private final ObjectMapper json;

    SseResponses(ChatConfig config, ObjectMapper json) {
        this.config = config.stream();
        this.json = json;
    }

    /** The events as SSE, with heartbeats; a failure before the first event is answered as a problem body. */
    public Multi<OutboundSseEvent> send(Uni<Multi<StreamEvent>> events, Sse sse) {
        return events.onItem().transformToMulti(stream -> withHeartbeats(stream).map(item -> toSse(item, sse)));
    }

    private Multi<Object> withHeartbeats(Multi<StreamEvent> events) {
        Multi<Object> heartbeats = Multi.createFrom().ticks().every(config.heartbeat()).onOverflow().drop()
                .map(tick -> HEARTBEAT);
        Multi<Object> finishing = events.map(event -> (Object) event).onCompletion().continueWith(FINISHED);
        return Multi.createBy().merging().streams(finishing, heartbeats).select().first(item -> item != FINISHED);
    }

    /** An event whose data is its JSON text: no per-event content-type line, which SSE does not have. */
    private OutboundSseEvent toSse(Object item, Sse sse) {
        if (item == HEARTBEAT) {
            return sse.newEventBuilder().comment("heartbeat").build();
        }
        StreamEvent event = (StreamEvent) item;
        try {
            return sse.newEventBuilder().id(event.id()).name(event.name()).data(json.writeValueAsString(event.data()))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stream event could not be written as JSON", e);
        }
    }
}
