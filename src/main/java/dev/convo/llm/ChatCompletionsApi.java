package dev.convo.llm;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.SseEvent;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The OpenAI-compatible chat-completions endpoint; its base URL is the full endpoint URL (LLM_PROVIDER_URL).
 */
@Path("")
@RegisterRestClient(configKey = "llm")
interface ChatCompletionsApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ChatCompletionResponse> complete(@HeaderParam("Authorization") String authorization,
            ChatCompletionRequest request);

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    Multi<SseEvent<String>> stream(@HeaderParam("Authorization") String authorization, ChatCompletionRequest request);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        String reason = response.getStatus() >= 400 && response.getStatus() < 500 && response.hasEntity()
                ? UpstreamStatusException.reasonOf(response.readEntity(String.class)) : null;
        return new UpstreamStatusException(response.getStatus(), response.getHeaderString("Retry-After"), reason);
    }
}
