package dev.convo.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Folding and the patterns built from it: the database's match and the snippet's agree on what matches.
 */
class FoldingTest {

    @Test
    void foldingTakesOffCaseAccentsAndWhitespaceRuns() {
        assertEquals("creme brulee a la francaise", Folding.fold("Crème  BRÛLÉE\n à la Française"));
        assertEquals("lodz oslo", Folding.fold("Łódź Øslo"));
    }

    @Test
    void aPatternMatchesEveryAccentAndCaseOfTheQuery() {
        Pattern pattern = Pattern.compile(Folding.pattern("creme brulee"));
        assertTrue(pattern.matcher("Une Crème   Brûlée, svp").find());
        assertTrue(pattern.matcher("CREME BRULEE").find());
        assertFalse(pattern.matcher("creme caramel").find());
        assertTrue(Pattern.compile(Folding.pattern("Crème")).matcher("CREME").find());
    }

    @Test
    void regularExpressionCharactersInAQueryAreLiteral() {
        Pattern pattern = Pattern.compile(Folding.pattern("a.b* (c)? [d] \\e $f ^g |h"));
        assertTrue(pattern.matcher("x a.b* (c)? [d] \\e $f ^g |h y").find());
        assertFalse(pattern.matcher("axbbb c d e f g h").find());
    }

    @Test
    void findGivesTheMatchInTheOriginalText() {
        String text = "Hier: une  CRÈME brûlée.";
        int[] match = Folding.find(text, "creme brulee");
        assertArrayEquals(new int[] { 11, 23 }, match);
        assertEquals("CRÈME brûlée", text.substring(match[0], match[1]));
        assertNull(Folding.find(text, "caramel"));
    }

    @Test
    void aSnippetCutsAroundTheMatchAtWordsAndSaysWhereItIs() {
        String text = "word ".repeat(40) + "the Crème brûlée here " + "tail ".repeat(60);
        int[] match = Folding.find(text, "creme brulee");
        Snippet snippet = Snippet.around(text, match);
        assertTrue(snippet.text().startsWith("…word"), snippet.text());
        assertTrue(snippet.text().endsWith("…"), snippet.text());
        assertEquals("Crème brûlée", snippet.text().substring(snippet.matchStart(),
                snippet.matchStart() + snippet.matchLength()));
        Snippet whole = Snippet.around("Crème", Folding.find("Crème", "creme"));
        assertEquals(new Snippet("Crème", 0, 5), whole);
    }
}
