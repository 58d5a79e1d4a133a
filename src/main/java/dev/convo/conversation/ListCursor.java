package dev.convo.conversation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.bson.types.ObjectId;

/**
 * Where a page of conversations ended: the last one's activity time and id, opaque to clients.
 */
record ListCursor(Instant lastActivityAt, ObjectId id) {

    static ListCursor after(Conversation last) {
        return new ListCursor(last.lastActivityAt, last.id);
    }

    String encode() {
        String plain = lastActivityAt.toEpochMilli() + ":" + id.toHexString();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent back, or null when it sent none. */
    static ListCursor decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
            if (parts.length == 2 && ObjectId.isValid(parts[1])) {
                return new ListCursor(Instant.ofEpochMilli(Long.parseLong(parts[0])), new ObjectId(parts[1]));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the same answer as any other cursor this service did not issue
        }
        throw Paging.invalidCursor();
    }
}
