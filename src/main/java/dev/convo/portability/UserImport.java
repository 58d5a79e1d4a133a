package dev.convo.portability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.types.ObjectId;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.InsertManyOptions;

import dev.convo.config.ChatConfig;
import dev.convo.config.LlmConfig;
import dev.convo.conversation.Conversation;
import dev.convo.conversation.Message;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import dev.convo.mongo.MongoErrors;
import dev.convo.user.User;

/**
 * Imports conversations for a user from this service's export or a ChatGPT {@code conversations.json}. The body is
 * streamed to a temporary file (up to CHAT_IMPORT_MAX_BYTES), read once to check every conversation (nothing is
 * stored if any is wrong: each problem is reported by its position), then once more to store them one by one. Ids
 * are derived from the user and the source's ids, so importing the same file again stores nothing new, and an import
 * cut short is finished by the next: a conversation is stored hidden, then its messages, then it is shown. No model is
 * called, and no quota is counted.
 */
@ApplicationScoped
class UserImport {

    /** Where conversations come from. */
    enum Source {
        OWN_EXPORT("convo-export/1"),
        CHATGPT("chatgpt");

        final String shown;

        Source(String shown) {
            this.shown = shown;
        }
    }

    /** What an import did. */
    record Result(Source source, int imported, int alreadyImported, int empty, long messages) {
    }

    private static final int INSERT_BATCH = 500;
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

    private final ObjectMapper json;
    /** Reads one entry of a file at a time: more follows it. */
    private final ObjectReader entries;
    private final ChatConfig.Import config;
    private final int historyMessages;
    private final ChatGptConversations chatGpt;
    private final OwnExportConversations ownExport;

    UserImport(ObjectMapper json, ChatConfig chat, LlmConfig llm) {
        this.json = json;
        this.entries = json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.config = chat.importing();
        this.historyMessages = llm.historyMessages();
        ChatGptConversations.Limits limits = new ChatGptConversations.Limits(config.maxMessages(),
                config.maxMessageLength());
        this.chatGpt = new ChatGptConversations(limits);
        this.ownExport = new OwnExportConversations(json, limits);
    }

    Result run(User user, InputStream body) throws IOException {
        Path file = Files.createTempFile("import-", ".json");
        try {
            spool(body, file);
            ImportProblems problems = new ImportProblems();
            Source source = read(file, (imported, at) -> {
            }, problems);
            if (problems.any()) {
                throw problems.toProblem();
            }
            Counter counter = new Counter();
            read(file, (imported, at) -> store(user, source, imported, counter), new ImportProblems());
            return new Result(source, counter.imported, counter.alreadyImported, counter.empty, counter.messages);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static final class Counter {
        int imported;
        int alreadyImported;
        int empty;
        long messages;
    }

    /** What is done with each conversation read. */
    private interface Each {
        void accept(Imported conversation, String at);
    }

    private void spool(InputStream body, Path file) throws IOException {
        long written = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n; (n = body.read(buffer)) > 0;) {
                written += n;
                if (written > config.maxBytes()) {
                    throw new ProblemException(ProblemCode.PAYLOAD_TOO_LARGE,
                            "An import may be at most " + config.maxBytes() + " bytes.");
                }
                out.write(buffer, 0, n);
            }
        }
        if (written == 0) {
            throw ProblemException.invalidField("body", "is required: this service's export or a ChatGPT conversations.json");
        }
    }

    /** Reads the file's conversations one at a time (only one is in memory), checking each; gives the file's source. */
    private Source read(Path file, Each each, ImportProblems problems) throws IOException {
        try (JsonParser parser = json.getFactory().createParser(file.toFile())) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                readArray(parser, "", Source.CHATGPT, each, problems);
                return Source.CHATGPT;
            }
            if (first != JsonToken.START_OBJECT) {
                throw notAnImport();
            }
            boolean formatSeen = false;
            boolean conversationsSeen = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("format")) {
                    formatSeen = value == JsonToken.VALUE_STRING && ExportFormat.FORMAT.equals(parser.getText());
                } else if (field.equals("conversations") && value == JsonToken.START_ARRAY) {
                    conversationsSeen = true;
                    readArray(parser, "conversations", Source.OWN_EXPORT, each, problems);
                } else {
                    parser.skipChildren();
                }
            }
            if (!formatSeen || !conversationsSeen) {
                throw notAnImport();
            }
            return Source.OWN_EXPORT;
        } catch (JsonParseException e) {
            throw new ProblemException(ProblemCode.MALFORMED_JSON, "The import is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ").");
        }
    }

    private void readArray(JsonParser parser, String name, Source source, Each each, ImportProblems problems)
            throws IOException {
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String at = name + "[" + index + "]";
            if (++index > config.maxConversations()) {
                problems.add(name, "holds more than " + config.maxConversations() + " conversations");
                return;
            }
            JsonNode node = entries.readTree(parser);
            if (node == null || !node.isObject()) {
                problems.add(at, "must be a conversation object");
                continue;
            }
            Imported conversation = source == Source.CHATGPT ? chatGpt.read(node, at, problems)
                    : ownExport.read(node, at, problems);
            if (conversation != null && !problems.any()) {
                each.accept(conversation, at);
            }
        }
    }

    private static ProblemException notAnImport() {
        return ProblemException.invalidField("body",
                "must be this service's export (format " + ExportFormat.FORMAT + ") or a ChatGPT conversations.json (an array)");
    }

    /** Stores one conversation, or finishes one an earlier import cut short; leaves one already imported alone. */
    private void store(User user, Source source, Imported imported, Counter counter) {
        if (imported.messages().isEmpty()) {
            counter.empty++;
            return;
        }
        ObjectId id = derivedId(user.email, source, imported.sourceId());
        Map<String, ObjectId> ids = new HashMap<>();
        imported.messages().forEach(entry -> ids.put(entry.sourceId(),
                derivedId(user.email, source, imported.sourceId() + "\u0000" + entry.sourceId())));
        List<Message> messages = ImportedMessages.of(id, imported, ids);
        Conversation conversation = ImportedMessages.conversation(id, user, imported, messages, historyMessages);
        Conversation.State already = insertHidden(conversation);
        if (already != null && already != Conversation.State.IMPORTING) {
            counter.alreadyImported++;
            return;
        }
        for (int from = 0; from < messages.size(); from += INSERT_BATCH) {
            insertNew(messages.subList(from, Math.min(messages.size(), from + INSERT_BATCH)));
        }
        Conversation.imported(id, user.email, imported.state()).await().atMost(WRITE_TIMEOUT);
        counter.imported++;
        counter.messages += messages.size();
    }

    /** Stores the conversation hidden; gives the state of the one stored before under its id, or null. */
    private static Conversation.State insertHidden(Conversation conversation) {
        try {
            conversation.persist().await().atMost(WRITE_TIMEOUT);
            return null;
        } catch (RuntimeException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
                throw e;
            }
            Conversation stored = Conversation.findOwned(conversation.id, conversation.ownerEmail).await()
                    .atMost(WRITE_TIMEOUT);
            if (stored == null) {
                throw new ProblemException(ProblemCode.VALIDATION_FAILED, "A conversation of this import exists under another user.");
            }
            return stored.state;
        }
    }

    /** Inserts messages, leaving alone those an earlier import stored already. */
    private static void insertNew(List<Message> messages) {
        try {
            Message.mongoCollection().insertMany(messages, new InsertManyOptions().ordered(false)).await()
                    .atMost(WRITE_TIMEOUT);
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(error -> error.getCode() != 11000)) {
                throw e;
            }
        }
    }

    /** An id made from the user and the source's id: the same file imports to the same ids, for this user only. */
    static ObjectId derivedId(String email, Source source, String sourceId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((email + "\u0000" + source.shown + "\u0000" + sourceId)
                    .getBytes(StandardCharsets.UTF_8));
            byte[] id = new byte[12];
            System.arraycopy(hash, 0, id, 0, id.length);
            return new ObjectId(id);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
