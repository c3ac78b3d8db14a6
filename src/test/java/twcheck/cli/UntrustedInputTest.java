package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Damaged model, claim and evidence files: each gives one line naming the file (and line or
 * field) and exit 2, and prove reports them before it checks any claim.
 */
class UntrustedInputTest {
    /** A cheap claim (225 states) with evidence and a trace, beside a copy of every model. */
    private static final String CLAIM = "keepalive-crash-bound";

    @TempDir
    Path root;

    Path proofs;

    @BeforeEach
    void copyAClaimAndTheModels() throws IOException {
        proofs = root.resolve("proofs");
        Files.createDirectories(proofs);
        Files.createDirectories(root.resolve("models"));
        try (var models = Files.list(Path.of("models"))) {
            for (Path m : models.toList()) Files.copy(m, root.resolve("models").resolve(m.getFileName()));
        }
        for (String suffix : List.of(".claim", ".evidence.json", ".itf.json")) {
            Files.copy(Path.of("proofs", CLAIM + suffix), proofs.resolve(CLAIM + suffix));
        }
    }

    private Path evidence() {
        return proofs.resolve(CLAIM + ".evidence.json");
    }

    @Test
    void theCopiedClaimIsFoundAsRecorded() {
        CheckCommandTest.Run run = CheckCommandTest.run("prove", proofs.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{bad                                     | evidence.json:1:2: not JSON",
        "null                                     | evidence.json: expected a JSON object",
        "``                                       | evidence.json: empty; expected a JSON object",
        "[1]                                      | evidence.json: expected a JSON object",
        "{\"claim\": \"x\"}                       | evidence.json: missing field \"property\"",
        "`{\"claim\":\"x\",\"property\":\"keepalive-bound\",\"verdict\":\"holds\",\"length\":null,\"distinctStates\":\"225\",\"transitions\":323,\"depth\":125,\"trace\":null}` | \"distinctStates\": expected a whole number in 1..2^63-1, got \"225\"",
        "`{\"claim\":\"x\",\"property\":\"keepalive-bound\",\"verdict\":\"holds\",\"length\":null,\"distinctStates\":225,\"transitions\":323,\"depth\":1.5,\"trace\":null}` | \"depth\": expected a whole number in 0..2^31-1, got 1.5",
        "`{\"claim\":\"x\",\"property\":\"keepalive-bound\",\"verdict\":\"holds\",\"length\":null,\"distinctStates\":225,\"transitions\":323,\"depth\":null,\"trace\":null}` | \"depth\": expected a whole number in 0..2^31-1, got null",
        "`{\"claim\":\"x\",\"property\":\"keepalive-bound\",\"verdict\":\"holds\",\"length\":null,\"distinctStates\":225,\"transitions\":323,\"depth\":99999999999,\"trace\":null}` | \"depth\": expected a whole number in 0..2^31-1, got 99999999999",
        "`{\"claim\":\"x\",\"property\":\"keepalive-bound\",\"verdict\":7,\"length\":null,\"distinctStates\":225,\"transitions\":323,\"depth\":125,\"trace\":null}` | \"verdict\": expected a string, got 7",
        "`{\"claim\":\"x\",\"property\":\"keepalive-bound\",\"verdict\":\"holds\",\"length\":null,\"distinctStates\":225,\"transitions\":323,\"depth\":125,\"trace\":\"../../etc/x.itf.json\"}` | \"trace\": expected null or the name of a NAME.itf.json file",
        "`{\"claim\":\"x\",\"property\":\"keepalive-bound\",\"verdict\":\"holds\",\"length\":null,\"distinctStates\":225,\"transitions\":323,\"depth\":125,\"trace\":null,\"extra\":1}` | unknown field \"extra\"",
        "`{\"claim\":\"x\",\"claim\":\"y\"}`       | not JSON: Duplicate field 'claim'",
        "`{\"claim\":\"x\",\"property\":\"keepalive-bound\",\"verdict\":\"holds\",\"length\":null,\"distinctStates\":225,\"transitions\":323,\"depth\":125,\"trace\":null} {}` | evidence.json:1:",
    })
    void aDamagedEvidenceFileIsOneLineNamingItAndNoClaimRuns(String content, String expected) throws IOException {
        Files.writeString(evidence(), content);
        CheckCommandTest.Run run = CheckCommandTest.run("prove", proofs.toString());
        assertEquals(2, run.exit(), run.err());
        List<String> lines = run.err().strip().lines().toList();
        assertEquals(2, lines.size(), run.err()); // the problem, then how many claim files were not valid
        assertTrue(lines.get(0).startsWith("twcheck: " + evidence()), run.err());
        assertTrue(lines.get(0).contains(expected), run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("internal error"), run.err());
        assertEquals("", run.out(), "nothing was checked");
    }

    @Test
    void aDamagedEvidenceFileIsAnErrorBeforeAnyClaimRunsEvenAGoodOneBeforeIt() throws IOException {
        // "a-..." sorts first: if claims still ran one by one, it would be checked and printed
        Files.writeString(proofs.resolve("a-first.claim"), Files.readString(proofs.resolve(CLAIM + ".claim")));
        Files.writeString(evidence(), "{bad");
        CheckCommandTest.Run run = CheckCommandTest.run("prove", proofs.toString());
        assertEquals(2, run.exit(), run.err());
        assertEquals("", run.out());
        assertTrue(run.err().contains("1 of 2 claim files is not valid; no claim was checked"), run.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "model = ../models/keepalive-crash.tw | model = ../models/gone.tw     | z.claim:5: model = ../models/gone.tw: no such model file",
        "property = keepalive-bound          | set = msl=99\\nproperty = keepalive-bound | z.claim:6: set msl=99: msl = 99 is out of range; expected 0..63",
        "property = keepalive-bound          | set = msl=99999999999\\nproperty = keepalive-bound | z.claim:6: set msl=99999999999: msl = 99999999999 is out of range; expected 0..63",
        "property = keepalive-bound          | set = fairness=none\\nproperty = keepalive-bound | z.claim:6: set fairness=none: 'fairness' is not a parameter",
        "property = keepalive-bound          | fairness = tick, sometimes\\nproperty = keepalive-bound | z.claim:6: fairness: unknown fairness assumption 'sometimes'",
        "property = keepalive-bound          | property = keepalive-bounds  | z.claim:6: unknown property 'keepalive-bounds' of model kind r0; expected one of",
        "expect = holds                      | expect = violated\\nlength = 99999999999 | z.claim:8: length must be a whole number of steps in 0..2^31-1, got '99999999999'",
        "expect = holds                      | expect = holds # recorded 2024  | ``",
        "claim = A crashed                   | claim = A crashed #1 #2 wait       | ``",
    })
    void aBadClaimNamesItsFileAndLineAndStopsEveryClaimFromRunning(String from, String to, String expected)
            throws IOException {
        String good = Files.readString(proofs.resolve(CLAIM + ".claim"));
        assertTrue(good.contains(from), from);
        Files.writeString(proofs.resolve("z.claim"), good.replace(from, to.replace("\\n", "\n")));
        Files.writeString(proofs.resolve("a.claim"), good); // sorts first: it must not run before z's error
        CheckCommandTest.Run run = CheckCommandTest.run("prove", proofs.toString());
        if (expected.isEmpty()) { // a comment with a blank on each side of its '#' is only a comment
            assertEquals(0, run.exit(), run.err());
            return;
        }
        assertEquals(2, run.exit(), run.err());
        assertEquals("", run.out(), "no claim ran");
        assertTrue(run.err().contains("twcheck: " + proofs.resolve(expected.split(":")[0]) + expected.substring(expected.indexOf(':'))),
                run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("internal error"), run.err());
    }

    @Test
    void everyBadClaimIsReportedNotOnlyTheFirst() throws IOException {
        String good = Files.readString(proofs.resolve(CLAIM + ".claim"));
        Files.writeString(proofs.resolve("b1.claim"), good.replace("keepalive-crash.tw", "gone.tw"));
        Files.writeString(proofs.resolve("b2.claim"), good.replace("expect = holds", "expect = maybe"));
        CheckCommandTest.Run run = CheckCommandTest.run("prove", proofs.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("b1.claim:5: model = ../models/gone.tw"), run.err());
        assertTrue(run.err().contains("b2.claim:7: expect must be holds or violated"), run.err());
        assertTrue(run.err().contains("2 of 3 claim files are not valid"), run.err());
    }

    @Test
    void aClaimWhoseModelFileIsBrokenNamesBothFiles() throws IOException {
        Path model = root.resolve("models/keepalive-crash.tw");
        Files.writeString(model, Files.readString(model).replace("msl", "mls"));
        CheckCommandTest.Run run = CheckCommandTest.run("prove", proofs.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().matches("(?s)twcheck: \\S*" + CLAIM + "\\.claim:5: model = \\.\\./models/keepalive-crash\\.tw: "
                + "\\S*models/keepalive-crash\\.tw:\\d+: unknown key 'mls'.*"), run.err());
    }

    @Test
    void validateReadsEverythingAndChecksNothing() throws IOException {
        CheckCommandTest.Run run = CheckCommandTest.run("prove", "--validate", "proofs");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("are valid (--validate: none was checked)"), run.out());
        assertFalse(run.out().contains("ok "), run.out());
        Files.writeString(evidence(), "null");
        assertEquals(2, CheckCommandTest.run("prove", "--validate", proofs.toString()).exit());
    }

    @Test
    void aRecordThatCannotBeWrittenIsExit74NotAnInternalError() throws IOException {
        // no evidence yet, and a folder where --record writes the trace: the write fails
        Files.delete(evidence());
        Files.delete(proofs.resolve(CLAIM + ".itf.json"));
        Files.createDirectories(proofs.resolve(CLAIM + ".itf.json"));
        CheckCommandTest.Run run = CheckCommandTest.run("prove", "--record", proofs.toString());
        assertEquals(74, run.exit(), run.err());
        assertTrue(run.err().startsWith("twcheck: ") && run.err().contains(": cannot write: "), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains(CLAIM + ".itf.json"), run.err());
    }

    @Test
    void aDescriptionKeepsAHashThatIsNotAComment(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.tw");
        Files.writeString(file, Files.readString(Path.of("models/rfc9293.tw"))
                .replaceAll("(?m)^description = .*$", "description = RFC 9293 #3.3.2   # the section"));
        CheckCommandTest.Run run = CheckCommandTest.run("check", file.toString(), "--json", "--quiet", "--max-states", "10");
        assertEquals(3, run.exit(), run.err());
        assertEquals("RFC 9293 #3.3.2", new ObjectMapper().readTree(run.out()).get("description").asText());
    }

    @Test
    void aValueWithAHashGluedToItSaysHowToWriteAComment(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.tw");
        Files.writeString(file, Files.readString(Path.of("models/rfc9293.tw")).replaceAll("(?m)^msl .*$", "msl = 1 #ticks"));
        CheckCommandTest.Run run = CheckCommandTest.run("check", file.toString(), "--quiet");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("m.tw:12: msl must be a whole number in 0..63, got '1 #ticks' (a comment after a value"
                + " needs a blank on each side of its '#'"), run.err());
    }

    @Test
    void aLongBadLineIsQuotedCut(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.tw");
        Files.writeString(file, "model = r0\n" + "y".repeat(5000) + "\n");
        CheckCommandTest.Run run = CheckCommandTest.run("check", file.toString(), "--quiet");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("m.tw:2: expected 'key = value', got 'yyy"), run.err());
        assertTrue(run.err().contains("y…'"), run.err());
        assertTrue(run.err().length() < 200 + file.toString().length(), run.err());
    }

    @Test
    void aModelFileThatIsNotUtf8IsNamedWithItsLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.tw");
        byte[] good = Files.readAllBytes(Path.of("models/rfc9293.tw"));
        byte[] bad = new byte[good.length + 1];
        int secondLine = new String(good, java.nio.charset.StandardCharsets.UTF_8).indexOf('\n') + 1;
        System.arraycopy(good, 0, bad, 0, secondLine);
        bad[secondLine] = (byte) 0xC3; // a lead byte followed by ASCII
        System.arraycopy(good, secondLine, bad, secondLine + 1, good.length - secondLine);
        Files.write(file, bad);
        CheckCommandTest.Run run = CheckCommandTest.run("check", file.toString(), "--quiet");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("m.tw:2: not a model file: not UTF-8 text (byte 0xC3, byte 1 of the line)"), run.err());
    }

    @Test
    void aJvmOptionTheBenchmarkJvmRefusesIsBadInputInOneLine() {
        CheckCommandTest.Run run = CheckCommandTest.run("bench", "--jvm=-Xbogus", "--configs", "3/1/1/0/0/1/1/1");
        assertEquals(2, run.exit(), run.err());
        assertEquals("twcheck: --jvm -Xbogus: the benchmark's JVM did not start: Unrecognized option: -Xbogus",
                run.err().strip());
    }
}
