package dev.convo.portability;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.convo.conversation.Conversation;
import dev.convo.conversation.Message;
import dev.convo.share.Share;
import dev.convo.usage.DailyUsage;
import dev.convo.user.User;
import io.smallrye.mutiny.Multi;

/**
 * Writes the export of a user as one JSON document, piece by piece as the database hands them over: a conversation's
 * messages are read as they are written out, so the heap holds a batch of them, never the user's data. It runs on a
 * worker thread and blocks on the client: a slow reader slows the reads, not the heap.
 */
@ApplicationScoped
class UserExport {

    /** How many documents are asked of the database at a time. */
    private static final int BATCH = 100;

    private final ObjectMapper json;
    /** Writes values without flushing each: the stream is flushed once per conversation. */
    private final ObjectWriter values;

    UserExport(ObjectMapper json) {
        this.json = json;
        this.values = json.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    void write(User user, OutputStream out) throws IOException {
        try (JsonGenerator generator = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            generator.writeStartObject();
            generator.writeStringField("format", ExportFormat.FORMAT);
            generator.writeFieldName("exportedAt");
            values.writeValue(generator, Instant.now());
            generator.writeFieldName("user");
            values.writeValue(generator, ExportFormat.ExportedUser.of(user));
            generator.writeArrayFieldStart("conversations");
            for (Conversation conversation : blocking(Conversation.everyOfOwner(user.email))) {
                writeConversation(generator, conversation);
            }
            generator.writeEndArray();
            generator.writeArrayFieldStart("usage");
            for (DailyUsage day : blocking(DailyUsage.everyOf(user.email))) {
                values.writeValue(generator, ExportFormat.UsageDay.of(day));
            }
            generator.writeEndArray();
            generator.writeArrayFieldStart("shares");
            for (Share share : blocking(Share.ofOwner(user.email))) {
                values.writeValue(generator, ExportFormat.ShareLink.of(share));
            }
            generator.writeEndArray();
            generator.writeEndObject();
        }
    }

    /** One conversation alone, as the user's export holds it. */
    void writeConversation(Conversation conversation, OutputStream out) throws IOException {
        try (JsonGenerator generator = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            writeConversation(generator, conversation);
        }
    }

    /** A conversation's fields, then its messages one by one (every branch and version, in order). */
    private void writeConversation(JsonGenerator generator, Conversation conversation) throws IOException {
        generator.writeStartObject();
        ExportFormat.ExportedConversation shown = ExportFormat.ExportedConversation.of(conversation);
        json.valueToTree(shown).properties().forEach(field -> {
            try {
                generator.writeFieldName(field.getKey());
                json.writeTree(generator, field.getValue());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        generator.writeArrayFieldStart("messages");
        for (Message message : blocking(Message.everyOf(conversation.id))) {
            values.writeValue(generator, ExportFormat.ExportedMessage.of(message));
        }
        generator.writeEndArray();
        generator.writeEndObject();
        generator.flush();
    }

    private static <T> Iterable<T> blocking(Multi<T> items) {
        return items.subscribe().asIterable(BATCH, () -> new java.util.concurrent.ArrayBlockingQueue<>(BATCH));
    }
}
