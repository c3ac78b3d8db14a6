package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Recorded traces (proofs/ and one of the second model kind), mutated at random, through both
 * {@code replay} and {@code trace} in-process: whatever the file holds, the exit code is one of
 * the tool's (never an internal error), both commands agree on it, an unknown field is never
 * accepted, a changed drawn field (explanation, tick, length, violationIndex, loop, kind, version)
 * is never accepted, and a file that is accepted is drawn exactly as the original.
 */
class TraceFuzzProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * The fields {@code trace} draws; a changed value there must not replay. (Not the version: a
     * version 2 trace without a loop is also a version 1 trace, drawn the same, as checked below.)
     */
    private static final List<String> DRAWN = List.of("/#meta/explanation", "/#meta/length", "/#meta/violationIndex",
            "/loop", "/#meta/kind");

    /** Labels of where the trace came from, and parameters (another model): accepted changes to them may show. */
    private static final List<String> MAY_SHOW = List.of("/#meta/model", "/#meta/source", "/#meta/parameters");

    record Sample(String name, String text, JsonNode tree, String chart) {}

    static Path dir;
    static List<Sample> samples;

    @BeforeContainer
    static void samples() throws IOException {
        dir = Files.createTempDirectory("twcheck-fuzz");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(Path.of("proofs"))) {
            list.filter(p -> p.toString().endsWith(".itf.json")).sorted().forEach(files::add);
        }
        // a small trace of the second model kind, whose charts are the generic ones
        Path model = Files.writeString(dir.resolve("abp.tw"), "model = abp\nmessages = 1\nlossBudget = 1\nalternatingBit = 0\n");
        CheckCommandTest.Run check = CheckCommandTest.run("check", model.toString(), "--quiet", "--property",
                "no-duplicate-delivery", "--trace-dir", dir.resolve("abp").toString());
        assertEquals(1, check.exit(), check.err());
        files.add(dir.resolve("abp").resolve("no-duplicate-delivery.itf.json"));
        samples = new ArrayList<>();
        for (Path f : files) {
            CheckCommandTest.Run chart = CheckCommandTest.run("trace", f.toString());
            assertEquals(0, chart.exit(), f + ": " + chart.err());
            String text = Files.readString(f);
            samples.add(new Sample(f.getFileName().toString(), text, JSON.readTree(text), chart.out()));
        }
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    enum Mutation { TRUNCATE, REPLACE_NODE, NUDGE_NUMBER, REMOVE_FIELD, ADD_UNKNOWN_FIELD, CHANGE_HEADER }

    /** What a mutation did: the new text, and where and how it changed a value. */
    record Mutated(String text, String pointer, JsonNode before, JsonNode after, boolean removed, boolean unknownAdded) {}

    @Property(tries = 300)
    void mutatedTracesAreNeverMisread(@ForAll @IntRange(min = 0, max = 10_000) int sample, @ForAll Mutation mutation,
            @ForAll @IntRange(min = 0, max = 1_000_000) int where, @ForAll("values") JsonNode value) throws IOException {
        Sample s = samples.get(sample % samples.size());
        Mutated m = mutate(s, mutation, where, value);
        Path file = Files.writeString(dir.resolve("mutated.itf.json"), m.text());

        CheckCommandTest.Run replay = CheckCommandTest.run("replay", file.toString());
        CheckCommandTest.Run trace = CheckCommandTest.run("trace", file.toString());
        String what = s.name() + " " + mutation + " " + m.pointer() + ": " + m.before() + " -> " + m.after()
                + "\nreplay: " + replay.out() + replay.err() + "\ntrace: " + trace.err();
        for (CheckCommandTest.Run run : List.of(replay, trace)) {
            assertTrue(run.exit() >= 0 && run.exit() <= 3, what);
            assertFalse(run.err().contains("internal error"), what);
            assertFalse(run.err().contains("Exception") || run.out().contains("Exception"), what);
        }
        assertEquals(replay.exit(), trace.exit(), "trace exits with replay's code: " + what);
        if (replay.exit() != 0) {
            assertEquals("", trace.out(), "nothing drawn: " + what);
            return;
        }
        // accepted: then nothing it claims differs from what replay confirmed
        assertFalse(m.unknownAdded(), "an unknown field is accepted: " + what);
        boolean changed = m.removed() || m.after() == null || !m.after().equals(m.before());
        if (mutation == Mutation.TRUNCATE) {
            assertEquals(s.text().strip(), m.text().strip(), "a cut file is accepted: " + what);
        } else if (drawn(m.pointer()) && !m.removed()) {
            assertFalse(changed, "a changed drawn field is accepted: " + what);
        }
        boolean mayShow = MAY_SHOW.stream().anyMatch(p -> m.pointer().startsWith(p))
                || (m.removed() && m.pointer().equals("/#meta/fairness"));
        if (!mayShow) assertEquals(s.chart(), trace.out(), "an accepted file is drawn as the original: " + what);
    }

    private static boolean drawn(String pointer) {
        return DRAWN.stream().anyMatch(pointer::startsWith) || pointer.matches("/states/\\d+/#meta/tick(/.*)?");
    }

    /** Mostly values of the right type (small numbers, the format's words), so that many mutants get past the shape checks. */
    @Provide
    @SuppressWarnings("unchecked")
    Arbitrary<JsonNode> values() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 130).map(i -> (JsonNode) NODES.numberNode(i))),
                net.jqwik.api.Tuple.of(3, Arbitraries.of("counterexample", "witness", "worst-case", "Everything is fine",
                        "initial", "Tick", "A", "twcheck-trace", "r0", "abp", "tick").map(t -> (JsonNode) NODES.textNode(t))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(NODES.nullNode())),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(Integer.MIN_VALUE, -1).map(i -> (JsonNode) NODES.numberNode(i))),
                net.jqwik.api.Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.valueOf(Integer.MAX_VALUE), BigInteger.TEN.pow(30))
                        .map(i -> (JsonNode) NODES.numberNode(i))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(NODES.numberNode(1.5), NODES.booleanNode(true), NODES.objectNode(),
                        NODES.arrayNode()).map(n -> (JsonNode) n)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(12).map(t -> (JsonNode) NODES.textNode(t))));
    }

    private static Mutated mutate(Sample s, Mutation mutation, int where, JsonNode value) throws IOException {
        JsonNode tree = s.tree().deepCopy();
        switch (mutation) {
            case TRUNCATE -> {
                String cut = s.text().substring(0, where % (s.text().length() + 1));
                return new Mutated(cut, "", null, null, false, false);
            }
            case REPLACE_NODE -> {
                List<JsonPointer> all = paths(tree, JsonPointer.empty(), false);
                JsonPointer at = all.get(where % all.size());
                JsonNode before = tree.at(at);
                put(tree, at, value);
                return new Mutated(text(tree), at.toString(), before, value, false, false);
            }
            case NUDGE_NUMBER -> {
                // one number one up or down: a state variable, a tick, an index, a parameter
                List<JsonPointer> numbers = new ArrayList<>();
                for (JsonPointer p : paths(tree, JsonPointer.empty(), false)) if (tree.at(p).isInt()) numbers.add(p);
                JsonPointer at = numbers.get(where % numbers.size());
                JsonNode before = tree.at(at);
                JsonNode after = NODES.numberNode(before.asInt() + (where % 2 == 0 ? 1 : -1));
                put(tree, at, after);
                return new Mutated(text(tree), at.toString(), before, after, false, false);
            }
            case REMOVE_FIELD -> {
                List<JsonPointer> fields = paths(tree, JsonPointer.empty(), true);
                JsonPointer at = fields.get(where % fields.size());
                JsonNode before = tree.at(at);
                ((ObjectNode) tree.at(at.head())).remove(at.last().getMatchingProperty());
                return new Mutated(text(tree), at.toString(), before, null, true, false);
            }
            case ADD_UNKNOWN_FIELD -> {
                List<JsonPointer> objects = new ArrayList<>();
                objects.add(JsonPointer.empty());
                for (JsonPointer p : paths(tree, JsonPointer.empty(), false)) if (tree.at(p).isObject()) objects.add(p);
                JsonPointer at = objects.get(where % objects.size());
                String name = "x-unknown-" + where % 100;
                ((ObjectNode) tree.at(at)).set(name, value);
                return new Mutated(text(tree), at + "/" + name, null, value, false, true);
            }
            case CHANGE_HEADER -> {
                int states = tree.get("states").size();
                List<String> headers = List.of("/#meta/explanation", "/#meta/length", "/#meta/violationIndex", "/loop",
                        "/#meta/kind", "/#meta/version", "/#meta/property", "/#meta/fairness", "/vars",
                        "/states/" + (where % states) + "/#meta/tick");
                JsonPointer at = JsonPointer.compile(headers.get(where % headers.size()));
                JsonNode before = tree.at(at).isMissingNode() ? null : tree.at(at);
                if (tree.at(at.head()).isObject()) ((ObjectNode) tree.at(at.head())).set(at.last().getMatchingProperty(), value);
                return new Mutated(text(tree), at.toString(), before, value, false, false);
            }
            default -> throw new IllegalStateException();
        }
    }

    /** Every node below {@code node} (or, with {@code fieldsOnly}, every object member), depth first. */
    private static List<JsonPointer> paths(JsonNode node, JsonPointer at, boolean fieldsOnly) {
        List<JsonPointer> found = new ArrayList<>();
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                JsonPointer child = at.appendProperty(name);
                found.add(child);
                found.addAll(paths(node.get(name), child, fieldsOnly));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonPointer child = at.appendIndex(i);
                if (!fieldsOnly) found.add(child);
                found.addAll(paths(node.get(i), child, fieldsOnly));
            }
        }
        return found;
    }

    private static void put(JsonNode tree, JsonPointer at, JsonNode value) {
        JsonNode parent = tree.at(at.head());
        if (parent.isObject()) ((ObjectNode) parent).set(at.last().getMatchingProperty(), value);
        else ((ArrayNode) parent).set(at.last().getMatchingIndex(), value);
    }

    private static String text(JsonNode tree) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
