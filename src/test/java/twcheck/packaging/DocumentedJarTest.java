package twcheck.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The command-line jar is named after the version ({@code target/twcheck-VERSION-cli.jar}): every
 * command the documentation shows must name the version the pom builds, or a newcomer's first
 * command fails after a version bump.
 */
class DocumentedJarTest {
    /** A jar of the build: target/twcheck.jar (the old name), or target/twcheck-VERSION[-CLASSIFIER].jar. */
    private static final Pattern JAR = Pattern.compile("target/twcheck(?:-(\\d[^\\s/`\"')]*?))?(-cli|-javadoc)?\\.jar");

    @Test
    void everyDocumentedJarIsTheOneThePomBuilds() throws IOException {
        String version = System.getProperty("twcheck.version");
        assertTrue(version != null && !version.isBlank(), "surefire passes twcheck.version");
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md"), Path.of("BENCHMARKS.md"), Path.of("proofs/README.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).forEach(docs::add);
        }
        int seen = 0;
        for (Path doc : docs) {
            String[] lines = Files.readString(doc).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = JAR.matcher(lines[i]);
                while (m.find()) {
                    seen++;
                    assertEquals(version, m.group(1), doc + ":" + (i + 1) + ": " + m.group());
                }
            }
        }
        assertTrue(seen > 0, "the README shows how to run the jar");
    }

    @Test
    void theReadmeQuickStartBuildsAndRunsTheCliJar() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String version = System.getProperty("twcheck.version");
        assertTrue(readme.contains("mvn -q -DskipTests package && java -jar target/twcheck-" + version + "-cli.jar check models/rfc9293.tw"));
        assertFalse(readme.contains("target/twcheck.jar"));
    }
}
