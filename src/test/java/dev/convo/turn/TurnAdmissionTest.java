package dev.convo.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * The line in front of the turns' first database work: at most so many at once, the others in order of arrival, and
 * a place is never lost (a failure, a caller gone while waiting).
 */
class TurnAdmissionTest {

    private final List<String> started = new CopyOnWriteArrayList<>();
    private final List<UniEmitter<? super String>> running = new CopyOnWriteArrayList<>();

    /** A turn whose first work starts when admitted and ends when the test says. */
    private Uni<String> turn(TurnAdmission admission, String name) {
        return admission.admitted(() -> Uni.createFrom().<String> emitter(emitter -> {
            started.add(name);
            running.add(emitter);
        }));
    }

    @Test
    void atMostSoManyAtOnceAndTheOthersInOrderOfArrival() {
        TurnAdmission admission = new TurnAdmission(2);
        List<String> done = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d")) {
            turn(admission, name).subscribe().with(done::add);
        }
        assertEquals(List.of("a", "b"), started);
        assertEquals(2, admission.waiting());

        running.get(1).complete("b");
        assertEquals(List.of("a", "b", "c"), started);
        running.get(0).complete("a");
        assertEquals(List.of("a", "b", "c", "d"), started);
        assertEquals(List.of("b", "a"), done);
        assertEquals(0, admission.waiting());
    }

    @Test
    void aFailedTurnGivesItsPlaceToTheNext() {
        TurnAdmission admission = new TurnAdmission(1);
        List<Throwable> failed = new ArrayList<>();
        turn(admission, "a").subscribe().with(item -> {
        }, failed::add);
        turn(admission, "b").subscribe().with(item -> {
        });
        running.get(0).fail(new IllegalStateException("boom"));
        assertEquals(1, failed.size());
        assertEquals(List.of("a", "b"), started);
    }

    @Test
    void aTurnWhoseCallerLeftWhileWaitingIsSkippedAndNoPlaceIsLost() {
        TurnAdmission admission = new TurnAdmission(1);
        turn(admission, "a").subscribe().with(item -> {
        });
        Cancellable gone = turn(admission, "b").subscribe().with(item -> {
        });
        turn(admission, "c").subscribe().with(item -> {
        });
        gone.cancel();
        assertEquals(1, admission.waiting(), "only c waits");

        running.get(0).complete("a");
        assertEquals(List.of("a", "c"), started);
        running.get(1).complete("c");
        turn(admission, "d").subscribe().with(item -> {
        });
        assertTrue(started.contains("d"), "the place came back once c ended");
    }

    @Test
    void withoutALineEveryTurnGoesOnAtOnce() {
        TurnAdmission admission = new TurnAdmission(TurnAdmission.UNLIMITED);
        for (String name : List.of("a", "b", "c")) {
            turn(admission, name).subscribe().with(item -> {
            });
        }
        assertEquals(List.of("a", "b", "c"), started);
        assertEquals(0, admission.waiting());
    }

    @Test
    void aTurnCancelledWhileRunningGivesItsPlaceBack() {
        TurnAdmission admission = new TurnAdmission(1);
        Cancellable first = turn(admission, "a").subscribe().with(item -> {
        });
        turn(admission, "b").subscribe().with(item -> {
        });
        first.cancel();
        assertEquals(List.of("a", "b"), started);
    }
}
