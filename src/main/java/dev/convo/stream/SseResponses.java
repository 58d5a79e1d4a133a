package dev.convo.stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

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

    SseResponses(ChatConfig config) {
        this.config = config.stream();
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

    private static OutboundSseEvent toSse(Object item, Sse sse) {
        if (item == HEARTBEAT) {
            return sse.newEventBuilder().comment("heartbeat").build();
        }
        StreamEvent event = (StreamEvent) item;
        return sse.newEventBuilder().id(event.id()).name(event.name()).mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(event.data()).build();
    }
}
