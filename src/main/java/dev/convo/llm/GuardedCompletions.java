package dev.convo.llm;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import dev.convo.config.LlmConfig;
import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

/**
 * The non-streamed model call with its retries: a timeout per attempt, retries with exponential backoff and jitter
 * (or the upstream's Retry-After) on connect errors, dropped connections, 429 and 5xx. Their settings are
 * {@link LlmConfig}'s, passed on in application.properties
 * ({@code quarkus.fault-tolerance."dev.convo.llm.GuardedCompletions/complete".*}). The circuit breaker around the
 * whole call is {@link ModelBreaker}, which counts calls, not attempts.
 */
@ApplicationScoped
class GuardedCompletions {

    private final Duration timeout;

    GuardedCompletions(LlmConfig config) {
        this.timeout = config.timeout();
    }

    // the values come from LlmConfig (LLM_RETRY_...) through application.properties
    @Retry(jitter = 0)
    @RetryWhen(exception = RetryableFailure.class)
    @CustomBackoff(RetryAfterBackoff.class)
    Uni<ChatCompletionResponse> complete(ChatCompletionsApi api, String authorization, ChatCompletionRequest request) {
        return api.complete(authorization, request).ifNoItem().after(timeout).failWith(TimeoutException::new);
    }
}
