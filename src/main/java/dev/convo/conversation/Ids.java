package dev.convo.conversation;

import org.bson.types.ObjectId;

import dev.convo.error.ProblemException;

/**
 * Reads message ids from paths: one that is not an ObjectId names no message.
 */
final class Ids {

    private Ids() {
    }

    static ObjectId message(String id) {
        if (id == null || !ObjectId.isValid(id)) {
            throw messageNotFound();
        }
        return new ObjectId(id);
    }

    static ProblemException messageNotFound() {
        return ProblemException.notFound("message_not_found", "No such message in this conversation.");
    }
}
