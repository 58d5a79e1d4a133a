package dev.convo.user;

import io.smallrye.mutiny.Uni;

/**
 * Erases a user and every document that holds their data; implemented where every collection is known.
 */
public interface Erasures {

    /**
     * Erases the user {@code email} (normalized, access checked): idempotent, and a call after one that died finishes
     * it. Gives whether there was anything to erase.
     */
    Uni<Boolean> erase(String email);
}
