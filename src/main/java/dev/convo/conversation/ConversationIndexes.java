package dev.convo.conversation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.mongo.CollectionIndexes;
import dev.convo.mongo.CollectionPlan;

/**
 * The shard keys and indexes of conversations and messages, as their entities declare them.
 */
@ApplicationScoped
class ConversationIndexes implements CollectionIndexes {

    @Override
    public List<CollectionPlan> plans() {
        return List.of(Conversation.PLAN, Message.PLAN);
    }
}
