package dev.convo.llm;

import java.io.IOException;
import java.util.function.Predicate;

import io.vertx.core.http.HttpClosedException;

/**
 * Which failures of a model call are worth another attempt: the upstream was unreachable, dropped the connection,
 * is rate-limiting (429) or failed on its side (5xx). A 4xx is our request's fault and a timeout already waited long.
 */
public class RetryableFailure implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        if (failure instanceof UpstreamStatusException status) {
            return status.status == 429 || status.status >= 500;
        }
        return isDroppedConnection(failure);
    }

    /** The connection failed or was closed under the call (Vert.x reports a closed pooled connection on its own). */
    static boolean isDroppedConnection(Throwable failure) {
        return failure instanceof IOException || failure.getCause() instanceof IOException
                || failure instanceof HttpClosedException || failure.getCause() instanceof HttpClosedException;
    }
}
