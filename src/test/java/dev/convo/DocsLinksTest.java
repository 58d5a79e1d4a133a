package dev.convo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every link between the project's Markdown files leads somewhere: the file exists and, when the link names a
 * section, a heading of that file makes that anchor (as GitHub makes them).
 */
class DocsLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);

    private static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md"), Path.of("bench", "README.md")));
        for (String folder : new String[] { "docs", "k8s" }) {
            try (Stream<Path> found = Files.walk(Path.of(folder))) {
                found.filter(path -> path.toString().endsWith(".md")).forEach(files::add);
            }
        }
        return files;
    }

    /** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens. */
    static Set<String> anchors(String markdown) {
        String outsideCode = markdown.replaceAll("(?s)```.*?```", "");
        return HEADING.matcher(outsideCode).results()
                .map(heading -> heading.group(1).strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndASection() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : markdownFiles()) {
            Matcher link = LINK.matcher(Files.readString(file));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // another site: not checked offline
                }
                String[] parts = target.split("#", 2);
                Path linked = parts[0].isEmpty() ? file : file.resolveSibling(parts[0]).normalize();
                if (!Files.exists(linked)) {
                    broken.add(file + ": " + target + " (no such file)");
                } else if (parts.length == 2 && !anchors(Files.readString(linked)).contains(parts[1])) {
                    broken.add(file + ": " + target + " (no such section)");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertTrue(anchors("## Identity: three modes, one setting\n").contains("identity-three-modes-one-setting"));
        assertTrue(anchors("# How it works\n").contains("how-it-works"));
    }

    @Test
    void theReadmeStaysShort() throws IOException {
        assertTrue(Files.size(Path.of("README.md")) < 15_000, "README.md is under 15 KB; move details to docs/");
    }
}
