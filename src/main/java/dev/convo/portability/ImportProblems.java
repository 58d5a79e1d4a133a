package dev.convo.portability;

import java.util.ArrayList;
import java.util.List;

import dev.convo.error.Problem;
import dev.convo.error.ProblemException;

/**
 * What is wrong with an import file, by position (e.g. {@code [3].mapping.ab12.message.author.role}); the first
 * {@value #MAX} are reported, and none of the file is stored.
 */
final class ImportProblems {

    static final int MAX = 20;

    private final List<Problem.Violation> violations = new ArrayList<>();

    void add(String position, String message) {
        if (violations.size() < MAX) {
            violations.add(new Problem.Violation(position, message));
        }
    }

    boolean any() {
        return !violations.isEmpty();
    }

    int count() {
        return violations.size();
    }

    boolean full() {
        return violations.size() >= MAX;
    }

    ProblemException toProblem() {
        return ProblemException.invalid(List.copyOf(violations));
    }
}
