package dev.convo.conversation;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.mongo.CollectionIndexes;
import io.smallrye.mutiny.Uni;

/**
 * The indexes of conversations and messages, as their entities declare them.
 */
@ApplicationScoped
class ConversationIndexes implements CollectionIndexes {

    @Override
    public Uni<Void> create() {
        return Conversation.createIndexes().chain(Message::createIndexes);
    }
}
