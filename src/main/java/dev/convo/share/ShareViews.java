package dev.convo.share;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Share links as their owner sees them, and shared conversations as anyone with the link sees them.
 */
public final class ShareViews {

    private ShareViews() {
    }

    /** A link, as its owner lists it. */
    @RegisterForReflection
    @Schema(name = "ShareLink", requiredProperties = { "token", "path", "title", "createdAt", "messageCount" })
    public record Link(@Schema(description = "The link's secret: whoever has it reads the snapshot") String token,
            @Schema(description = "Where the snapshot is read, without identity: GET this path") String path,
            String title, Instant createdAt,
            @Schema(description = "How many messages the snapshot holds") int messageCount) {

        static Link of(Share share) {
            return new Link(share.token, "/shared/" + share.token, share.title, share.createdAt,
                    share.messageCount);
        }
    }

    @Schema(name = "ShareLinkResult", requiredProperties = { "share" })
    public record LinkBody(Link share) {
    }

    @Schema(name = "ShareLinks", requiredProperties = { "shares" })
    public record Links(List<Link> shares) {
    }

    /** One message of a shared conversation: no ids, no usage. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SharedMessage", requiredProperties = { "role", "text", "createdAt" })
    public record Message(@Schema(enumeration = { "user", "assistant", "system" }) String role, String text,
            Instant createdAt, String model) {
    }

    /** A shared conversation: its title and the messages of its branch when it was shared, oldest first. */
    @RegisterForReflection
    @Schema(name = "SharedConversation", requiredProperties = { "title", "sharedAt", "messages" })
    public record Shared(String title, Instant sharedAt, List<Message> messages) {

        static Shared of(Share share) {
            return new Shared(share.title, share.createdAt, share.messages.stream()
                    .map(message -> new Message(message.role, message.text, message.createdAt, message.model)).toList());
        }
    }
}
