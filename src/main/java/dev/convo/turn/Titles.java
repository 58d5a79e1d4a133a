package dev.convo.turn;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.config.ChatConfig;
import dev.convo.conversation.Conversation;
import dev.convo.conversation.Message;
import dev.convo.llm.ChatMessage;
import dev.convo.llm.HistoryMessage;
import dev.convo.llm.ChatModel;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Asks the model for a short title after a conversation's first reply (CHAT_GENERATE_TITLES), in the background:
 * the reply is not delayed, and a failure leaves the first-80-characters title. A title the owner gave is kept.
 */
@ApplicationScoped
class Titles {

    private static final String ASK = "Give this conversation a title of at most six words. Answer with the title only.";

    private final ChatModel model;
    private final boolean enabled;

    Titles(ChatModel model, ChatConfig config) {
        this.model = model;
        this.enabled = config.generateTitles();
    }

    void afterFirstReply(Turn turn) {
        if (!enabled || !turn.isFirstReply() || turn.reply().status != Message.Status.COMPLETE) {
            return;
        }
        List<ChatMessage> ask = List.of(new ChatMessage("user", turn.user().text),
                new ChatMessage("assistant", turn.reply().text), new ChatMessage("user", ASK));
        model.complete(model.defaults(), HistoryMessage.uncounted(ask), turn.conversation().ownerEmail)
                .map(reply -> Conversation.titleOf(reply.text().replace("\"", "").strip()))
                .chain(title -> title.isEmpty() ? Uni.createFrom().voidItem()
                        : turn.conversation().giveGeneratedTitle(title))
                .subscribe().with(done -> Log.debugf("Titled conversation %s", turn.conversation().id),
                        failure -> Log.debugf("No title for conversation %s: %s", turn.conversation().id,
                                failure.getMessage()));
    }
}
