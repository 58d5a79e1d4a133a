package dev.convo.share;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.types.ObjectId;

import dev.convo.config.ChatConfig;
import dev.convo.conversation.Branches;
import dev.convo.conversation.Conversation;
import dev.convo.conversation.ConversationDeletions;
import dev.convo.conversation.Message;
import dev.convo.conversation.Ownership;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import dev.convo.mongo.CollectionIndexes;
import dev.convo.mongo.CollectionPlan;
import dev.convo.security.Actor;
import io.smallrye.mutiny.Uni;

/**
 * Share links: the owner snapshots the branch shown of a conversation under a new token, lists and revokes its links;
 * anyone with a token reads its snapshot. Deleting a conversation revokes its links.
 */
@ApplicationScoped
public class ShareLinks implements ConversationDeletions, CollectionIndexes {

    /** 32 bytes in unpadded base64url. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int maxMessages;

    ShareLinks(ChatConfig config) {
        this.maxMessages = config.shares().maxMessages();
    }

    /** Shares the branch shown of the caller's conversation as it is now: its finished messages. */
    public Uni<Share> create(String conversationId, Actor actor) {
        ObjectId id = Ownership.conversationId(conversationId);
        return Ownership.ownedConversation(id, actor, true)
                .flatMap(conversation -> Branches.shown(conversation, maxMessages + 1)
                        .map(messages -> snapshot(conversation, messages)))
                .call(share -> share.persist());
    }

    private Share snapshot(Conversation conversation, List<Message> messages) {
        if (messages.size() > maxMessages) {
            throw new ProblemException(ProblemCode.SHARE_TOO_LARGE,
                    "A shared conversation may hold at most " + maxMessages + " messages.");
        }
        Share share = new Share();
        share.token = newToken();
        share.conversationId = conversation.id;
        share.ownerEmail = conversation.ownerEmail;
        share.title = conversation.title;
        share.createdAt = Conversation.now();
        share.messages = messages.stream().map(ShareLinks::shared).toList();
        share.messageCount = share.messages.size();
        return share;
    }

    private static Share.SharedMessage shared(Message message) {
        Share.SharedMessage shared = new Share.SharedMessage();
        shared.role = message.role.name().toLowerCase(Locale.ROOT);
        shared.text = message.text;
        shared.createdAt = message.createdAt;
        shared.model = message.role == Message.Role.ASSISTANT ? message.model : null;
        return shared;
    }

    /** The owner's links to a conversation they may read. */
    public Uni<List<Share>> list(String conversationId, Actor actor) {
        ObjectId id = Ownership.conversationId(conversationId);
        return Ownership.ownedConversation(id, actor, false)
                .flatMap(conversation -> Share.ofConversation(id, conversation.ownerEmail));
    }

    /** Revokes one of the owner's links: 404 {@code share_not_found} when the conversation has no such link. */
    public Uni<Void> revoke(String conversationId, String token, Actor actor) {
        ObjectId id = Ownership.conversationId(conversationId);
        return Ownership.ownedConversation(id, actor, true)
                .flatMap(conversation -> Share.revoke(token, id, conversation.ownerEmail))
                .invoke(revoked -> {
                    if (!revoked) {
                        throw notFound();
                    }
                }).replaceWithVoid();
    }

    /**
     * The snapshot of a token: 404 {@code share_not_found} alike for a token never made, revoked, or malformed (one
     * read by id either way, and nothing compared in this process).
     */
    public Uni<Share> read(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Uni.createFrom().failure(notFound());
        }
        return Share.byToken(token).onItem().ifNull().failWith(ShareLinks::notFound);
    }

    @Override
    public Uni<Void> deleted(ObjectId id, String ownerEmail) {
        return Share.revokeAll(id, ownerEmail);
    }

    @Override
    public List<CollectionPlan> plans() {
        return List.of(Share.PLAN);
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ProblemException notFound() {
        return new ProblemException(ProblemCode.SHARE_NOT_FOUND, "No such shared conversation.");
    }
}
