package dev.convo.turn;

import java.util.ArrayDeque;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.convo.config.ChatConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * Lets a bounded number of turns do their first database work at once, in the order they arrived. Without it, under
 * overload every turn's first steps are admitted before any turn's last (the database and the driver's pool queue
 * them all), and the turns finish late together; with it, the turns admitted finish first and the others wait in
 * line. A turn leaves the line when it has stored its messages, or failed, or its caller went away.
 */
@ApplicationScoped
class TurnAdmission {

    /** No line: every turn goes on at once. */
    static final int UNLIMITED = -1;

    private final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
    private final boolean unlimited;
    private int free;

    @Inject
    TurnAdmission(ChatConfig config, MeterRegistry registry) {
        this(config.maxStartingTurns().orElse(UNLIMITED));
        Gauge.builder("chat.turns.waiting", this, TurnAdmission::waiting)
                .description("Turns waiting in line for their first database work (CHAT_MAX_STARTING_TURNS)")
                .register(registry);
    }

    TurnAdmission(int places) {
        this.unlimited = places == UNLIMITED;
        this.free = places;
    }

    /** Runs {@code work} once a place is free, holding the place until its result (or failure, or cancellation). */
    <T> Uni<T> admitted(Supplier<Uni<T>> work) {
        if (unlimited) {
            return Uni.createFrom().deferred(() -> work.get());
        }
        return Uni.createFrom().deferred(() -> {
            Ticket ticket = new Ticket();
            return Uni.createFrom().<Void> emitter(emitter -> {
                emitter.onTermination(() -> withdraw(ticket));
                enter(ticket, emitter);
            }).chain(() -> work.get()).onTermination().invoke(() -> leave(ticket));
        });
    }

    /** How many turns wait for a place (tests, metrics). */
    synchronized int waiting() {
        return waiting.size();
    }

    private void enter(Ticket ticket, UniEmitter<? super Void> emitter) {
        synchronized (this) {
            ticket.emitter = emitter;
            if (free == 0) {
                waiting.add(ticket);
                return;
            }
            free--;
            ticket.granted = true;
        }
        emitter.complete(null);
    }

    /** A turn whose caller went away while it waited gives up its place in line. */
    private synchronized void withdraw(Ticket ticket) {
        if (!ticket.granted) {
            waiting.remove(ticket);
        }
    }

    /** The place goes to the first in line, once per ticket that held one. */
    private void leave(Ticket ticket) {
        Ticket next;
        synchronized (this) {
            if (!ticket.granted || ticket.released) {
                return;
            }
            ticket.released = true;
            next = waiting.poll();
            if (next == null) {
                free++;
                return;
            }
            next.granted = true;
        }
        next.emitter.complete(null);
    }

    private static final class Ticket {
        private UniEmitter<? super Void> emitter;
        private boolean granted;
        private boolean released;
    }
}
