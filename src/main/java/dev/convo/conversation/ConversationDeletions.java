package dev.convo.conversation;

import org.bson.types.ObjectId;

import io.smallrye.mutiny.Uni;

/**
 * What else goes when an owner deletes a conversation (its share links): features that hang data on a conversation
 * implement it, so that this package need not know them.
 */
public interface ConversationDeletions {

    /** Removes what hangs on the conversation {@code id} of {@code ownerEmail}. */
    Uni<Void> deleted(ObjectId id, String ownerEmail);
}
