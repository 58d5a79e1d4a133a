package dev.convo.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The problem codes a client can meet are the same three times over: in the {@link ProblemCode} catalogue, in the
 * README's error table (with the same status) and in the contract's {@code Problem.code} enum.
 */
class ProblemCatalogueTest {

    private static final Pattern ROW = Pattern.compile("^\\| (`[a-z_]+`(?:, `[a-z_]+`)*) \\| ([^|]+) \\|");
    private static final Pattern CODE = Pattern.compile("`([a-z_]+)`");
    private static final Pattern STATUS = Pattern.compile("\\d{3}");

    private static Set<String> catalogue() {
        return Arrays.stream(ProblemCode.values()).map(ProblemCode::code).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Each code of the README's error table, with the statuses its row gives. */
    private static Map<String, Set<Integer>> readmeTable() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("| code | status | when |"));
        Map<String, Set<Integer>> codes = new TreeMap<>();
        for (String line : table.lines().skip(2).takeWhile(line -> line.startsWith("|")).toList()) {
            Matcher row = ROW.matcher(line);
            if (!row.find()) {
                throw new AssertionError("not a row of the error table: " + line);
            }
            Set<Integer> statuses = STATUS.matcher(row.group(2)).results().map(m -> Integer.parseInt(m.group()))
                    .collect(Collectors.toCollection(TreeSet::new));
            CODE.matcher(row.group(1)).results().forEach(code -> codes.put(code.group(1), statuses));
        }
        return codes;
    }

    @Test
    void everyCodeIsInTheReadmesErrorTableWithItsStatusAndNothingElseIs() throws IOException {
        Map<String, Set<Integer>> table = readmeTable();
        assertEquals(catalogue(), table.keySet());
        for (ProblemCode code : ProblemCode.values()) {
            Set<Integer> statuses = table.get(code.code());
            assertTrue(statuses.contains(code.status()), code.code() + " is listed with " + code.status());
            statuses.forEach(status -> assertTrue(code.allows(status), code.code() + " is never " + status));
        }
    }

    @Test
    void everyCodeIsInTheContractsEnumAndNothingElseIs() throws IOException {
        JsonNode contract = new YAMLMapper().readTree(Path.of("docs", "openapi.yaml").toFile());
        JsonNode codes = contract.at("/components/schemas/Problem/properties/code/enum");
        Set<String> documented = new TreeSet<>();
        codes.forEach(code -> documented.add(code.asText()));
        assertEquals(catalogue(), documented);
    }

    @Test
    void aProblemsTitleFollowsItsStatus() {
        assertEquals("Bad Gateway", new ProblemException(ProblemCode.LLM_UNAVAILABLE, "x").toProblem().title());
        assertEquals("Service Unavailable", new ProblemException(ProblemCode.LLM_UNAVAILABLE, 503, "x").toProblem().title());
        assertEquals("Content Too Large", new ProblemException(ProblemCode.CONTEXT_TOO_LONG, "x").toProblem().title());
    }

    @Test
    void aCodeIsNeverAnsweredWithAStatusTheCatalogueDoesNotGiveIt() {
        assertThrows(IllegalArgumentException.class,
                () -> new ProblemException(ProblemCode.NOT_FOUND, 500, "x"));
    }
}
