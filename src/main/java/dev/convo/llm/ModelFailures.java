package dev.convo.llm;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import io.quarkus.logging.Log;

/**
 * Every way a model call can fail, as our own problems (never the upstream's body), and which of them say the
 * upstream is down (what the circuit breaker counts) rather than that it refused this one request.
 */
final class ModelFailures {

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

    private ModelFailures() {
    }

    /** The upstream is down or broken: it could not be reached, timed out, failed (5xx), or answered garbage. */
    static boolean isOutage(Throwable failure) {
        if (failure instanceof UpstreamStatusException status) {
            return status.status >= 500;
        }
        if (failure instanceof ProblemException problem) {
            return problem.problemCode() == ProblemCode.LLM_UNAVAILABLE || problem.problemCode() == ProblemCode.LLM_TIMEOUT;
        }
        return true; // timeouts, connect errors, dropped connections, unreadable answers
    }

    static ProblemException toProblem(Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException) {
            Log.warnf("The model endpoint did not answer in time");
            return new ProblemException(ProblemCode.LLM_TIMEOUT, "The model did not answer in time.");
        }
        if (failure instanceof UpstreamStatusException status) {
            return ofStatus(status);
        }
        if (failure instanceof ConnectException || failure.getCause() instanceof ConnectException) {
            Log.warnf("The model endpoint cannot be reached: %s", failure.getClass().getSimpleName());
            return unavailable("The model endpoint cannot be reached.");
        }
        if (RetryableFailure.isDroppedConnection(failure)) {
            Log.warnf("The connection to the model endpoint failed: %s", failure.getClass().getSimpleName());
            return unavailable("The connection to the model endpoint failed.");
        }
        Log.warnf("The model call failed: %s", failure.getClass().getName());
        return unavailable("The model's answer could not be read.");
    }

    /**
     * 429: the upstream is busy (503 with its Retry-After); 401, 403, 404: it refuses this service's credentials or
     * model name, an operator's problem (502); any other 4xx: it refuses this request (422 {@code llm_rejected}, with
     * the upstream's short error type as the reason); 5xx: it failed (502).
     */
    private static ProblemException ofStatus(UpstreamStatusException status) {
        Log.warnf("The model endpoint answered HTTP %d%s", status.status,
                status.reason == null ? "" : " (" + status.reason + ")");
        if (status.status == 429) {
            return new ProblemException(ProblemCode.LLM_UNAVAILABLE, 503,
                    "The model is receiving too many requests; try again later.")
                    .retryAfter(parseRetryAfter(status.retryAfter));
        }
        if (status.status == 401 || status.status == 403 || status.status == 404 || status.status >= 500) {
            return unavailable("The model endpoint failed (HTTP " + status.status + ").");
        }
        ProblemException rejected = new ProblemException(ProblemCode.LLM_REJECTED,
                "The model refused this request (HTTP " + status.status + "); change the message and try again.");
        return status.reason == null ? rejected : rejected.with("reason", status.reason);
    }

    /** The breaker refuses calls for a while. */
    static ProblemException breakerOpen(Duration retryAfter) {
        Log.debugf("The model call was refused: the circuit breaker is open");
        return new ProblemException(ProblemCode.LLM_UNAVAILABLE, 503,
                "The model has been failing; calls are paused for a moment.").retryAfter(retryAfter);
    }

    static ProblemException unavailable(String detail) {
        return new ProblemException(ProblemCode.LLM_UNAVAILABLE, detail);
    }

    private static Duration parseRetryAfter(String header) {
        try {
            return header == null ? DEFAULT_RETRY_AFTER : Duration.ofSeconds(Math.max(1, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER;
        }
    }
}
