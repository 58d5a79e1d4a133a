package dev.convo.search;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.types.ObjectId;

import com.mongodb.MongoExecutionTimeoutException;

import dev.convo.config.ChatConfig;
import dev.convo.conversation.Conversation;
import dev.convo.conversation.Cursors;
import dev.convo.conversation.Cursors.ConversationPosition;
import dev.convo.conversation.Message;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Finds a user's conversations by their title and their messages' text, most recently active first, one hit per
 * conversation (its title, else its newest matching message). It reads the user's active conversations a batch at a
 * time by the owner index and matches the text of each batch's messages in the database, so it never reads another
 * user's data; a page stops early, marked partial with a cursor to go on, once it has scanned as many messages as
 * allowed or used its time.
 */
@ApplicationScoped
public class ConversationSearch {

    static final int MAX_QUERY_LENGTH = 200;
    private static final int BATCH = 50;

    private final ChatConfig.Search config;

    ConversationSearch(ChatConfig config) {
        this.config = config.search();
    }

    /** A conversation found, the message that matched ({@code null}: its title did), and where the match is. */
    public record Hit(Conversation conversation, Message message, String text, int[] match) {
    }

    /** A page of hits; {@code partial} when it stopped on the scan cap or the time limit before {@code limit} hits. */
    public record Found(List<Hit> hits, String nextCursor, boolean partial, long scanned) {
    }

    public Uni<Found> search(String email, String query, int limit, String cursor) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty() || q.codePointCount(0, q.length()) > MAX_QUERY_LENGTH) {
            throw ProblemException.invalidField("q", "must be 1 to " + MAX_QUERY_LENGTH + " characters");
        }
        Scan scan = new Scan(email, q, limit, Instant.now().plus(config.timeLimit()));
        return scan.from(Cursors.conversationsAfter(cursor));
    }

    /** One request's search: its hits so far, what it scanned, and its deadline. */
    private final class Scan {
        private final String email;
        private final String query;
        private final String pattern;
        private final int limit;
        private final Instant deadline;
        private final List<Hit> hits = new ArrayList<>();
        private long scanned;

        Scan(String email, String query, int limit, Instant deadline) {
            this.email = email;
            this.query = query;
            this.pattern = Folding.pattern(query);
            this.limit = limit;
            this.deadline = deadline;
        }

        Uni<Found> from(ConversationPosition after) {
            return Conversation.listByOwner(email, after, BATCH).flatMap(batch -> {
                if (batch.isEmpty()) {
                    return Uni.createFrom().item(new Found(hits, null, false, scanned));
                }
                List<Conversation> taken = withinBudget(batch);
                Duration left = Duration.between(Instant.now(), deadline);
                return Message.newestMatching(taken.stream().map(conversation -> conversation.id).toList(), pattern,
                        left.isNegative() ? Duration.ofMillis(1) : left)
                        .flatMap(matches -> next(taken, matches, batch.size() == taken.size() && batch.size() < BATCH))
                        .onFailure(MongoExecutionTimeoutException.class).recoverWithUni(failure -> timedOut(after));
            });
        }

        /** The batch's first conversations whose messages fit in what is left to scan (at least one). */
        private List<Conversation> withinBudget(List<Conversation> batch) {
            List<Conversation> taken = new ArrayList<>();
            long budget = config.maxScanned() - scanned;
            for (Conversation conversation : batch) {
                if (!taken.isEmpty() && conversation.messageCount > budget) {
                    break;
                }
                taken.add(conversation);
                budget -= conversation.messageCount;
            }
            return taken;
        }

        private Uni<Found> next(List<Conversation> taken, List<Message> matches, boolean lastBatch) {
            Map<ObjectId, Message> byConversation = matches.stream()
                    .collect(Collectors.toMap(message -> message.conversationId, Function.identity()));
            for (Conversation conversation : taken) {
                scanned += conversation.messageCount;
                Hit hit = hitOf(conversation, byConversation.get(conversation.id));
                if (hit != null) {
                    hits.add(hit);
                    if (hits.size() == limit) {
                        return Uni.createFrom().item(page(conversation, false));
                    }
                }
            }
            Conversation last = taken.get(taken.size() - 1);
            if (lastBatch) {
                return Uni.createFrom().item(new Found(hits, null, false, scanned));
            }
            if (scanned >= config.maxScanned() || !Instant.now().isBefore(deadline)) {
                return Uni.createFrom().item(page(last, true));
            }
            return from(ConversationPosition.after(last));
        }

        private Hit hitOf(Conversation conversation, Message message) {
            int[] inTitle = conversation.title == null ? null : Folding.find(conversation.title, query);
            if (inTitle != null) {
                return new Hit(conversation, null, conversation.title, inTitle);
            }
            if (message == null) {
                return null;
            }
            int[] inText = Folding.find(message.text, query);
            return new Hit(conversation, message, message.text, inText == null ? new int[] { 0, 0 } : inText);
        }

        private Found page(Conversation last, boolean partial) {
            return new Found(hits, Cursors.conversations(ConversationPosition.after(last)), partial, scanned);
        }

        /** The database ran out of the time left: what was found so far, or, when nothing was searched, a 422. */
        private Uni<Found> timedOut(ConversationPosition at) {
            if (scanned == 0) {
                return Uni.createFrom().failure(new ProblemException(ProblemCode.SEARCH_TOO_COSTLY,
                        "The search could not finish in its time limit; use a longer, more specific query."));
            }
            return Uni.createFrom().item(new Found(hits, at == null ? null : Cursors.conversations(at), true, scanned));
        }
    }
}
