package dev.convo.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Case- and accent-insensitive matching without a text index: text is folded (lower case, accents taken off,
 * whitespace runs made one space), and a query becomes a regular expression in which every letter stands for the
 * class of letters that fold to it, so that the database filters with the same rule the snippets are cut by.
 */
final class Folding {

    /** Letters whose accent is not a combining mark, and so not taken off by decomposition. */
    private static final Map<Integer, String> UNDECOMPOSED = Map.of('ø', "o", 'Ø', "o", 'ł', "l", 'Ł', "l", 'đ', "d",
            'Đ', "d", 'ħ', "h", 'Ħ', "h", 'ı', "i").entrySet().stream()
            .collect(java.util.stream.Collectors.toMap(entry -> (int) entry.getKey(), Map.Entry::getValue));

    /** For each folded letter, every letter (both cases, every accent) of the Latin and Greek blocks that folds to it. */
    private static final Map<Integer, String> VARIANTS = variants();

    private Folding() {
    }

    /** A text as it is compared: lower case, without accents, one space for any run of whitespace. */
    static String fold(String text) {
        return new Folded(text).text;
    }

    /**
     * A regular expression (PCRE and Java alike) that finds {@code query} in unfolded text the way {@link #fold}
     * compares: letters by class, other characters escaped, whitespace as any run of it.
     */
    static String pattern(String query) {
        StringBuilder pattern = new StringBuilder();
        fold(query).strip().codePoints().forEach(point -> {
            if (point == ' ') {
                pattern.append("\\s+");
            } else if (VARIANTS.containsKey(point)) {
                pattern.append('[').append(VARIANTS.get(point)).append(']');
            } else if (Character.isLetterOrDigit(point)) {
                pattern.appendCodePoint(point);
            } else {
                pattern.append(escaped(point));
            }
        });
        return pattern.toString();
    }

    /** Where a folded query first occurs in {@code text}: the start and end in the original text, or null. */
    static int[] find(String text, String query) {
        Folded folded = new Folded(text);
        String wanted = fold(query).strip();
        int at = folded.text.indexOf(wanted);
        if (wanted.isEmpty() || at < 0) {
            return null;
        }
        return new int[] { folded.origin.get(at), folded.endOf(at + wanted.length() - 1) };
    }

    /** A text folded, and for each of its chars the index in the original text it came from. */
    private static final class Folded {
        final String text;
        final List<Integer> origin = new ArrayList<>();
        private final List<Integer> ends = new ArrayList<>();

        Folded(String original) {
            StringBuilder folded = new StringBuilder(original.length());
            boolean space = false;
            for (int i = 0; i < original.length();) {
                int point = original.codePointAt(i);
                int next = i + Character.charCount(point);
                String piece = Character.isWhitespace(point) ? " " : foldPoint(point);
                if (!(piece.equals(" ") && space)) {
                    for (int k = 0; k < piece.length(); k++) {
                        folded.append(piece.charAt(k));
                        origin.add(i);
                        ends.add(next);
                    }
                } else {
                    ends.set(ends.size() - 1, next);
                }
                space = piece.equals(" ");
                i = next;
            }
            this.text = folded.toString();
        }

        int endOf(int index) {
            return ends.get(index);
        }
    }

    private static String foldPoint(int point) {
        String undecomposed = UNDECOMPOSED.get(point);
        if (undecomposed != null) {
            return undecomposed;
        }
        String decomposed = Normalizer.normalize(new String(Character.toChars(point)), Normalizer.Form.NFD);
        StringBuilder kept = new StringBuilder();
        decomposed.codePoints().filter(part -> Character.getType(part) != Character.NON_SPACING_MARK
                && Character.getType(part) != Character.COMBINING_SPACING_MARK
                && Character.getType(part) != Character.ENCLOSING_MARK)
                .forEach(kept::appendCodePoint);
        return kept.toString().toLowerCase(Locale.ROOT);
    }

    private static Map<Integer, String> variants() {
        Map<Integer, TreeSet<Integer>> byFolded = new HashMap<>();
        int[][] blocks = { { 0x30, 0x39 }, { 0x41, 0x5A }, { 0x61, 0x7A }, { 0xC0, 0x24F }, { 0x370, 0x3FF },
                { 0x1E00, 0x1EFF }, { 0x1F00, 0x1FFF } };
        for (int[] block : blocks) {
            for (int point = block[0]; point <= block[1]; point++) {
                if (!Character.isLetterOrDigit(point)) {
                    continue;
                }
                String folded = foldPoint(point);
                if (folded.codePointCount(0, folded.length()) == 1) {
                    byFolded.computeIfAbsent(folded.codePointAt(0), key -> new TreeSet<>()).add(point);
                }
            }
        }
        Map<Integer, String> classes = new HashMap<>();
        byFolded.forEach((folded, points) -> {
            if (points.size() > 1) {
                StringBuilder members = new StringBuilder();
                points.forEach(members::appendCodePoint);
                classes.put(folded, members.toString());
            }
        });
        return Map.copyOf(classes);
    }

    private static String escaped(int point) {
        return point < 0x80 ? "\\" + (char) point : new String(Character.toChars(point));
    }
}
