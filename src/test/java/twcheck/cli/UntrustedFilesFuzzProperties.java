package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Damaged input files through the command line, in process: every bundled model file, claim and
 * evidence file, cut short, with a line deleted or doubled, a value replaced (by a random string,
 * a huge or negative number, nothing, or for JSON a null or a value of another type), or random
 * bytes inserted (NUL and bytes that are not UTF-8 among them). Whatever the damage, the tool
 * exits with 0..3, never reports an internal error, and every line it writes on stderr names the
 * damaged file. Models run with a small state limit; claims and evidence through prove
 * --validate, which reads them as prove does but checks nothing (a damaged but valid claim could
 * otherwise ask for a search of hours).
 */
class UntrustedFilesFuzzProperties {
    private static Path root;

    @BeforeContainer
    static void copyModels() throws IOException {
        root = Files.createTempDirectory("twcheck-fuzz");
        Files.createDirectories(root.resolve("models"));
        for (Path m : list(Path.of("models"), "")) Files.copy(m, root.resolve("models").resolve(m.getFileName()));
    }

    @AfterContainer
    static void removeCopies() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static List<Path> list(Path dir, String ending) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(ending)).sorted().toList();
        }
    }

    /** One way to damage a file; {@code at} in [0, 1) picks the place. */
    interface Damage {
        byte[] apply(byte[] original, boolean json);
    }

    record CutAt(double at) implements Damage {
        public byte[] apply(byte[] b, boolean json) {
            return Arrays.copyOf(b, (int) (at * b.length));
        }
    }

    record DeleteLine(double at) implements Damage {
        public byte[] apply(byte[] b, boolean json) {
            List<String> lines = lines(b);
            lines.remove((int) (at * lines.size()));
            return join(lines);
        }
    }

    record DoubleLine(double at) implements Damage {
        public byte[] apply(byte[] b, boolean json) {
            List<String> lines = lines(b);
            int i = (int) (at * lines.size());
            lines.add(i, lines.get(i));
            return join(lines);
        }
    }

    /** The value of a {@code key = value} line (or a JSON {@code "key" : value} line) replaced. */
    record ReplaceValue(double at, String value) implements Damage {
        public byte[] apply(byte[] b, boolean json) {
            List<String> lines = lines(b);
            char separator = json ? ':' : '=';
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).indexOf(separator) >= 0) candidates.add(i);
            }
            if (candidates.isEmpty()) return b;
            int i = candidates.get((int) (at * candidates.size()));
            String line = lines.get(i);
            String kept = line.substring(0, line.indexOf(separator) + 1);
            lines.set(i, kept + " " + value + (json && line.strip().endsWith(",") ? "," : ""));
            return join(lines);
        }
    }

    record InsertBytes(double at, byte[] bytes) implements Damage {
        public byte[] apply(byte[] b, boolean json) {
            int i = (int) (at * (b.length + 1));
            byte[] out = new byte[b.length + bytes.length];
            System.arraycopy(b, 0, out, 0, i);
            System.arraycopy(bytes, 0, out, i, bytes.length);
            System.arraycopy(b, i, out, i + bytes.length, b.length - i);
            return out;
        }

        @Override
        public String toString() {
            return "InsertBytes[at=" + at + ", bytes=" + Arrays.toString(bytes) + "]";
        }
    }

    private static List<String> lines(byte[] b) {
        List<String> lines = new ArrayList<>(Arrays.asList(new String(b, StandardCharsets.UTF_8).split("\n", -1)));
        return lines;
    }

    private static byte[] join(List<String> lines) {
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private static Arbitrary<Damage> damage(boolean json) {
        Arbitrary<Double> at = Arbitraries.doubles().between(0, 1).filter(d -> d < 1);
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12), // any characters, control characters and lone surrogates too
                Arbitraries.strings().withChars("0123456789-=#, .").ofMaxLength(25),
                Arbitraries.of("", "99999999999", "99999999999999999999999999", "-1", "-99999999999", "0", "+3",
                        "none", "msl=99", "../models/gone.tw", "\u0663")); // ٣, an Arabic-Indic digit three
        Arbitrary<String> value = json
                ? Arbitraries.oneOf(text.map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""), text,
                        Arbitraries.of("null", "true", "[]", "{}", "[1]", "{\"a\": 1}", "1.5", "-1", "1e400",
                                "99999999999999999999999", "\"\""))
                : text;
        Arbitrary<byte[]> bytes = Arbitraries.oneOf(Arbitraries.bytes(),
                Arbitraries.of((byte) 0, (byte) 0xff, (byte) 0xc3, (byte) 0xe2, (byte) 0x80, (byte) '\n', (byte) '#',
                        (byte) '=', (byte) '"', (byte) '{'))
                .array(byte[].class).ofMinSize(1).ofMaxSize(6);
        return Arbitraries.oneOf(
                at.map(CutAt::new),
                at.map(DeleteLine::new),
                at.map(DoubleLine::new),
                Combinators.combine(at, value).as(ReplaceValue::new),
                Combinators.combine(at, bytes).as(InsertBytes::new));
    }

    @Provide
    Arbitrary<Damage> textDamage() {
        return damage(false);
    }

    @Provide
    Arbitrary<Damage> jsonDamage() {
        return damage(true);
    }

    @Provide
    Arbitrary<Path> modelFiles() throws IOException {
        return Arbitraries.of(list(Path.of("models"), ".tw"));
    }

    @Provide
    Arbitrary<Path> claimFiles() throws IOException {
        return Arbitraries.of(list(Path.of("proofs"), ".claim"));
    }

    @Provide
    Arbitrary<Path> evidenceFiles() throws IOException {
        return Arbitraries.of(list(Path.of("proofs"), ".evidence.json"));
    }

    record Run(int exit, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        return new Run(exit, err.toString());
    }

    /** Exit 0..3, no internal error, and every line on stderr names {@code file} (or, for prove's count, its folder). */
    private static void assertHonest(Run run, Path file) {
        assertTrue(run.exit() >= 0 && run.exit() <= 3, "exit " + run.exit() + ": " + run.err());
        assertFalse(run.err().contains("internal error"), run.err());
        for (String line : run.err().lines().filter(l -> !l.isBlank()).toList()) {
            boolean count = line.matches("twcheck: " + java.util.regex.Pattern.quote(file.getParent().toString())
                    + ": 1 of 1 claim files is not valid; no claim was checked");
            assertTrue(count || line.contains(file.toString()), "does not name " + file + ": " + line);
        }
    }

    @Property(tries = 250)
    void aDamagedModelFileIsNamedInEveryMessage(@ForAll("modelFiles") Path model, @ForAll("textDamage") Damage damage)
            throws IOException {
        Path file = root.resolve("fuzz-models").resolve(model.getFileName());
        Files.createDirectories(file.getParent());
        Files.write(file, damage.apply(Files.readAllBytes(model), false));
        assertHonest(run("check", file.toString(), "--max-states", "2000", "--quiet", "--threads", "1"), file);
    }

    @Property(tries = 250)
    void aDamagedClaimFileIsNamedInEveryMessage(@ForAll("claimFiles") Path claim, @ForAll("textDamage") Damage damage)
            throws IOException {
        Path dir = freshProofs(claim);
        Path file = dir.resolve(claim.getFileName());
        Files.write(file, damage.apply(Files.readAllBytes(claim), false));
        assertHonest(run("prove", "--validate", dir.toString()), file);
    }

    @Property(tries = 250)
    void aDamagedEvidenceFileIsNamedInEveryMessage(@ForAll("evidenceFiles") Path evidence,
            @ForAll("jsonDamage") Damage damage) throws IOException {
        String name = evidence.getFileName().toString().replace(".evidence.json", "");
        Path dir = freshProofs(evidence.resolveSibling(name + ".claim"));
        Path file = dir.resolve(evidence.getFileName());
        Files.write(file, damage.apply(Files.readAllBytes(evidence), true));
        assertHonest(run("prove", "--validate", dir.toString()), file);
    }

    /** A folder beside the copied models holding one claim with its evidence and trace, as proofs/ does. */
    private static Path freshProofs(Path claim) throws IOException {
        Path dir = root.resolve("proofs");
        if (Files.exists(dir)) {
            for (Path f : list(dir, "")) Files.delete(f);
        }
        Files.createDirectories(dir);
        String name = claim.getFileName().toString().replace(".claim", "");
        for (String ending : List.of(".claim", ".evidence.json", ".itf.json")) {
            Path f = claim.resolveSibling(name + ending);
            if (Files.exists(f)) Files.copy(f, dir.resolve(f.getFileName()));
        }
        return dir;
    }
}
