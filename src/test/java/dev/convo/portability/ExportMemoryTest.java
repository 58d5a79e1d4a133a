package dev.convo.portability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.convo.conversation.Conversation;
import dev.convo.conversation.Message;
import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The export of a large user is streamed: while a client reads it slowly, the service holds a few MiB of it (heap and
 * direct buffers), not the user's 30 MB of messages.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class ExportMemoryTest {

    private static final int CONVERSATIONS = 10;
    private static final int MESSAGES = 1_000;
    private static final int TEXT = 3_000;
    private static final long MIB = 1024 * 1024;

    @Test
    void aUserWithTenThousandMessagesIsExportedInAFewMebibytesOfHeap() throws Exception {
        String email = Api.newUser();
        store(email);
        long before = heapAfterGc();
        try (Socket socket = new Socket("127.0.0.1", ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class))) {
            OutputStream request = socket.getOutputStream();
            request.write(("GET /users/" + email + "/export HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            InputStream response = socket.getInputStream();
            long read = read(response, 2 * MIB);
            Thread.sleep(2_000); // the service fills the socket's buffers, then waits for the reader
            long during = heapAfterGc();
            read += read(response, Long.MAX_VALUE);
            assertTrue(read > (long) CONVERSATIONS * MESSAGES * TEXT, "read only " + read + " bytes");
            long held = during - before;
            assertTrue(held < 8 * MIB, "the export held " + held / MIB + " MiB of memory while the client paused");
        }
    }

    private static long read(InputStream in, long bytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        while (total < bytes) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, bytes - total));
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        // Netty counts the direct memory it allocates without the JDK's cleaner itself (-1 when it does not)
        long netty = Math.max(0, io.netty.util.internal.PlatformDependent.usedDirectMemory());
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() + direct + netty;
    }

    /** Conversations of many long messages, stored directly: the model need not write 30 MB first. */
    private static void store(String email) {
        String text = "x".repeat(TEXT);
        for (int c = 0; c < CONVERSATIONS; c++) {
            ObjectId id = new ObjectId();
            List<Document> messages = new ArrayList<>();
            ObjectId parent = id;
            for (int seq = 1; seq <= MESSAGES; seq++) {
                ObjectId messageId = new ObjectId();
                messages.add(new Document("_id", messageId).append("conversationId", id).append("seq", (long) seq)
                        .append("role", seq % 2 == 1 ? "USER" : "ASSISTANT").append("text", text)
                        .append("status", "COMPLETE").append("createdAt", new Date()).append("parentId", parent));
                parent = messageId;
            }
            Message.mongoCollection().withDocumentClass(Document.class).insertMany(messages).await().indefinitely();
            Conversation.mongoCollection().withDocumentClass(Document.class).insertOne(new Document("_id", id)
                    .append("ownerEmail", email).append("title", "Long " + c).append("state", "ACTIVE")
                    .append("messageCount", (long) MESSAGES).append("lastSeq", (long) MESSAGES)
                    .append("createdAt", new Date()).append("lastActivityAt", new Date()).append("tree", true)
                    .append("activeLeafId", parent)).await().indefinitely();
        }
    }
}
