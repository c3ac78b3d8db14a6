package twcheck.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules model and claim files share: comments, text, and how a line is quoted in a message. */
class TextFilesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "# a whole-line comment                  | ''",
        "   # indented comment                   | ''",
        "msl = 1   # ticks                       | msl = 1   ",
        "msl = 1\t# a tab before it              | msl = 1\t",
        "check = a, b #                          | check = a, b ",
        "description = RFC 9293 #3.3.2           | description = RFC 9293 #3.3.2",
        "description = RFC 9293 #3.3.2 # cited   | description = RFC 9293 #3.3.2 ",
        "msl = 1 #ticks                          | msl = 1 #ticks",
        "name = a#b                              | name = a#b",
    })
    void aHashStartsACommentOnlyAtTheStartOfALineOrWithABlankOnEachSide(String line, String kept) {
        // the CSV source trims both ends: compare what is left of the line without its outer blanks
        assertEquals(kept.replace("\\t", "\t").strip(), TextFiles.stripComment(line.replace("\\t", "\t")).strip());
    }

    @Test
    void everyBundledFileReadsTheSameUnderTheRule() throws IOException {
        // the old rule cut at every '#': the bundled files must not depend on the difference
        try (var files = Files.list(Path.of("models"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tw")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    int hash = line.indexOf('#');
                    assertEquals(hash < 0 ? line : line.substring(0, hash), TextFiles.stripComment(line), f + ": " + line);
                }
            }
        }
    }

    @Test
    void bytesThatAreNotUtf8AreNamedWithTheirLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.tw");
        Files.write(file, new byte[] {'a', '\n', 'b', '\n', 'c', 'd', (byte) 0xff, '\n'});
        SpecException e = assertThrows(SpecException.class, () -> TextFiles.readLines(file, "model file"));
        assertEquals(file + ":3: not a model file: not UTF-8 text (byte 0xFF, byte 3 of the line)", e.getMessage());
        Files.write(file, new byte[] {'a', '\n', 'x', (byte) 0xe2, (byte) 0x82}); // cut inside a character at the end
        e = assertThrows(SpecException.class, () -> TextFiles.readLines(file, "model file"));
        assertTrue(e.getMessage().startsWith(file + ":2: not a model file: not UTF-8 text"), e.getMessage());
    }

    @Test
    void aControlCharacterIsNamedWithItsLineAndColumn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.tw");
        Files.write(file, new byte[] {'a', '\n', 'n', '=', 0, '\n'});
        SpecException e = assertThrows(SpecException.class, () -> TextFiles.readLines(file, "model file"));
        assertEquals(file + ":2: not a model file: control character U+0000 at column 3", e.getMessage());
    }

    @Test
    void aQuoteIsCutAtEightyCharactersAndShowsNoControlCharacter() {
        String longText = "x".repeat(200);
        String shown = TextFiles.shown(longText);
        assertEquals(80, shown.length());
        assertTrue(shown.endsWith("…"));
        assertEquals("short", TextFiles.shown("short"));
        assertEquals("a?b", TextFiles.shown("a\u0007b"));
        String emoji = "x".repeat(78) + "\uD83D\uDE00" + "tail"; // a pair that straddles the cut is not split
        assertTrue(TextFiles.shown(emoji).endsWith("x…"), TextFiles.shown(emoji));
    }
}
