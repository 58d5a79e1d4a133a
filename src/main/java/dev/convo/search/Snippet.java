package dev.convo.search;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A short piece of a text around a match, cut at word boundaries where it can be, with where the match is in it.
 */
@RegisterForReflection
@Schema(name = "SearchSnippet", requiredProperties = { "text", "matchStart", "matchLength" })
public record Snippet(@Schema(description = "The piece of text; an ellipsis marks each cut end") String text,
        @Schema(description = "Where the match starts in text, in UTF-16 code units (as JavaScript counts)") int matchStart,
        @Schema(description = "How long the match is, in UTF-16 code units") int matchLength) {

    static final int BEFORE = 60;
    static final int AFTER = 120;
    private static final String ELLIPSIS = "…";

    /** The snippet of {@code text} around {@code match} ({start, end} in the text). */
    static Snippet around(String text, int[] match) {
        int start = cutBefore(text, Math.max(0, match[0] - BEFORE), match[0]);
        int end = cutAfter(text, Math.min(text.length(), match[1] + AFTER), match[1]);
        String prefix = start > 0 ? ELLIPSIS : "";
        String piece = prefix + text.substring(start, end).replaceAll("\\s+", " ") + (end < text.length() ? ELLIPSIS : "");
        String before = text.substring(start, match[0]).replaceAll("\\s+", " ");
        String matched = text.substring(match[0], match[1]).replaceAll("\\s+", " ");
        return new Snippet(piece, prefix.length() + before.length(), matched.length());
    }

    /** A start at or after {@code from}, at a word's start when one is near, never inside a surrogate pair. */
    private static int cutBefore(String text, int from, int limit) {
        if (from == 0) {
            return 0;
        }
        int space = text.indexOf(' ', from);
        int start = space >= 0 && space < limit ? space + 1 : from;
        return Character.isLowSurrogate(text.charAt(start)) ? start + 1 : start;
    }

    /** An end at or before {@code to}, at a word's end when one is near, never inside a surrogate pair. */
    private static int cutAfter(String text, int to, int limit) {
        if (to == text.length()) {
            return to;
        }
        int space = text.lastIndexOf(' ', to);
        int end = space > limit ? space : to;
        return Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end;
    }
}
