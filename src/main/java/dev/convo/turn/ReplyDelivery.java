package dev.convo.turn;

import io.smallrye.mutiny.Uni;

/**
 * How the reply of a stored turn reaches the client: in one piece once written ({@link PlainReplies}), or as
 * events while it is written ({@code stream.ReplyStreams}). The resource picks one by content negotiation;
 * {@link TurnService} does the rest the same way for both.
 *
 * @param <R> what the client gets
 */
public interface ReplyDelivery<R> {

    /** Whether the reply is streamed: it is stored {@code streaming} from the start, else {@code pending}. */
    boolean streamed();

    /** Starts writing the turn's reply; every way it ends is recorded through {@link ReplyRecorder}. */
    Uni<R> deliver(Turn turn);
}
