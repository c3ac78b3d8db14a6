package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * export and conform are each other's inverse: every recorded trace (counterexamples, witnesses,
 * worst cases) written as a capture conforms to its own model, and tshark, where installed,
 * reads every export.
 */
class ExportRoundTripTest {

    static Stream<Path> recordedTraces() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("proofs"))) {
            return files.filter(f -> f.toString().endsWith(".itf.json")).sorted().toList().stream();
        }
    }

    /** The model a trace was checked against: its model file with every parameter it records. */
    private static List<String> modelArgs(Path trace) throws IOException {
        JsonNode meta = new ObjectMapper().readTree(trace.toFile()).get("#meta");
        List<String> args = new ArrayList<>(List.of("--model", meta.get("source").asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = meta.get("parameters").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            args.add("--set");
            args.add(p.getKey() + "=" + p.getValue().asInt());
        }
        return args;
    }

    private static void assumeLibpcap(CheckCommandTest.Run export) {
        Assumptions.assumeFalse(export.err().contains("needs libpcap"),
                "export needs libpcap, which this machine lacks (Debian: apt-get install libpcap0.8)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedTraces")
    void aRecordedTraceExportedAsACaptureConformsToItsOwnModel(Path trace, @TempDir Path dir) throws IOException {
        Path pcap = dir.resolve("run.pcap");
        CheckCommandTest.Run export = CheckCommandTest.run("export", trace.toString(), "--pcap", pcap.toString());
        assumeLibpcap(export);
        assertEquals(0, export.exit(), export.err());
        List<String> args = new ArrayList<>(List.of("conform", pcap.toString()));
        args.addAll(modelArgs(trace));
        CheckCommandTest.Run conform = CheckCommandTest.run(args.toArray(String[]::new));
        assertEquals(0, conform.exit(), conform.out() + conform.err());
        assertTrue(conform.out().contains("CONFORMS"), conform.out());
        if (tshark() != null) {
            Process p = new ProcessBuilder(tshark(), "-r", pcap.toString()).redirectErrorStream(true).start();
            String listing = new String(p.getInputStream().readAllBytes());
            try {
                assertEquals(0, p.waitFor(), listing);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int segments = Integer.parseInt(export.err().replaceAll("(?s).*: (\\d+) segments.*", "$1").trim());
            assertEquals(segments, listing.lines().filter(l -> l.contains(" TCP ")).count(), listing);
        }
    }

    private static String tshark() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "tshark"))) return Path.of(dir, "tshark").toString();
        }
        return null;
    }

    @Test
    void anExportOfATraceThatDoesNotReplayIsRefused(@TempDir Path dir) throws IOException {
        Path trace = dir.resolve("t.json");
        Files.writeString(trace, Files.readString(Path.of("proofs/seed-so-linger-abort.itf.json"))
                .replaceFirst("\"tick\" : 0", "\"tick\" : 5"));
        CheckCommandTest.Run run = CheckCommandTest.run("export", trace.toString(), "--pcap", dir.resolve("x.pcap").toString());
        assertEquals(1, run.exit(), run.err());
        assertTrue(Files.notExists(dir.resolve("x.pcap")), "nothing written for a trace that does not replay");
    }

    @Test
    void aBadTickOrCapturePointIsBadInput(@TempDir Path dir) {
        String trace = "proofs/seed-so-linger-abort.itf.json";
        String out = dir.resolve("x.pcap").toString();
        assertEquals(2, CheckCommandTest.run("export", trace, "--pcap", out, "--tick", "0").exit());
        assertEquals(2, CheckCommandTest.run("export", trace, "--pcap", out, "--at", "middle").exit());
        assertEquals(2, CheckCommandTest.run("export", trace, "--pcap", dir.toString()).exit(), "a folder is not a file");
    }

    static Stream<Path> bundledModels() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("models"))) {
            return files.filter(f -> f.toString().endsWith(".tw")).sorted().toList().stream();
        }
    }

    /** Every counterexample, witness and worst case that check writes for a bundled model comes back. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bundledModels")
    void everyTraceOfABundledModelExportedAsACaptureConformsToIt(Path model, @TempDir Path dir) throws IOException {
        CheckCommandTest.Run check = CheckCommandTest.run("check", model.toString(), "--quiet", "--trace-dir", dir.toString());
        assertTrue(check.exit() == 0 || check.exit() == 1, check.err());
        List<Path> traces;
        try (Stream<Path> files = Files.list(dir)) {
            traces = files.filter(f -> f.toString().endsWith(".itf.json")).sorted().toList();
        }
        for (Path trace : traces) {
            Path pcap = dir.resolve("run.pcap");
            CheckCommandTest.Run export = CheckCommandTest.run("export", trace.toString(), "--pcap", pcap.toString());
            assumeLibpcap(export);
            assertEquals(0, export.exit(), trace + ": " + export.err());
            List<String> args = new ArrayList<>(List.of("conform", pcap.toString()));
            args.addAll(modelArgs(trace));
            CheckCommandTest.Run conform = CheckCommandTest.run(args.toArray(String[]::new));
            assertEquals(0, conform.exit(), trace.getFileName() + ": " + conform.out() + conform.err());
        }
    }
}
