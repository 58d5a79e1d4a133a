package dev.convo.testing;

import java.util.ArrayList;
import java.util.List;

import org.bson.BsonDocument;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

/**
 * Records the commands the service sends to MongoDB while a test asks it to (Quarkus registers every
 * {@link CommandListener} with the client), so that a test can check which operations a flow costs and how they
 * are addressed.
 */
public class CommandRecorder implements CommandListener {

    /** One command as sent: its name (find, update, insert, ...), collection and body. */
    public record Command(String name, String collection, BsonDocument body) {
    }

    private static final List<Command> RECORDED = new ArrayList<>();
    private static volatile boolean recording;

    /** Starts a fresh recording. */
    public static synchronized void start() {
        RECORDED.clear();
        recording = true;
    }

    /** How many commands were recorded so far. */
    public static synchronized int size() {
        return RECORDED.size();
    }

    /** Stops recording and gives what was recorded. */
    public static synchronized List<Command> stop() {
        recording = false;
        return List.copyOf(RECORDED);
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (!recording) {
            return;
        }
        BsonDocument command = event.getCommand();
        String name = event.getCommandName();
        String collection = command.isString(name) ? command.getString(name).getValue() : "";
        synchronized (CommandRecorder.class) {
            if (recording) {
                RECORDED.add(new Command(name, collection, command.clone()));
            }
        }
    }
}
