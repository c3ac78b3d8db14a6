package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedPseudograph;
import org.jgrapht.nio.dot.DOTImporter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import twcheck.engine.Successors;
import twcheck.engine.TransitionSystem;
import twcheck.model.Model;
import twcheck.spec.ModelFiles;
import twcheck.spec.ModelSpec;

/** graph: the projection is exactly what the model reaches, and its formats parse. */
class GraphCommandTest {

    static CheckCommandTest.Run run(String... args) {
        return CheckCommandTest.run(args);
    }

    /** What a plain breadth-first search of its own sees of the endpoint pairs: nodes, edges between pairs, marks. */
    record Reference(Set<List<String>> pairs, Map<List<List<String>>, Set<String>> edges, Set<List<String>> violated) {}

    static Reference reference(String file) {
        ModelSpec spec = ModelFiles.read(Path.of(file), List.of());
        Model model = spec.instantiate();
        TransitionSystem system = model.system();
        int stale = system.labelNames().indexOf(model.kind().property("no-stale-accept").orElseThrow().label());
        Successors generator = system.newSuccessors();
        Set<List<Long>> seen = new HashSet<>();
        ArrayDeque<long[]> queue = new ArrayDeque<>();
        generator.initialStates((a, next, labels) -> {
            if (seen.add(words(next))) queue.add(next.clone());
        });
        Set<List<String>> pairs = new HashSet<>();
        Map<List<List<String>>, Set<String>> edges = new HashMap<>();
        Set<List<String>> violated = new HashSet<>();
        while (!queue.isEmpty()) {
            long[] s = queue.poll();
            List<String> from = pair(model, s);
            pairs.add(from);
            generator.successors(s, 0, (action, next, labels) -> {
                List<String> to = pair(model, next);
                if ((labels >>> stale & 1) != 0) violated.add(to);
                if (!to.equals(from)) {
                    edges.computeIfAbsent(List.of(from, to), k -> new TreeSet<>()).add(model.actionKind(s, action));
                }
                if (seen.add(words(next))) queue.add(next.clone());
            });
        }
        return new Reference(pairs, edges, violated);
    }

    static List<Long> words(long[] s) {
        List<Long> l = new ArrayList<>();
        for (long w : s) l.add(w);
        return l;
    }

    static List<String> pair(Model model, long[] s) {
        return List.of(model.projection(s, 0), model.projection(s, 1));
    }

    @Test
    void theEndpointProjectionOfRfc9293IsExactlyThePairsTheModelReaches() throws IOException {
        CheckCommandTest.Run run = run("graph", "models/rfc9293.tw", "--format", "json", "--quiet",
                "--property", "no-stale-accept");
        assertEquals(0, run.exit(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        Reference expected = reference("models/rfc9293.tw");

        Map<String, List<String>> byId = new HashMap<>();
        Set<List<String>> pairs = new HashSet<>();
        Set<List<String>> violated = new HashSet<>();
        long states = 0;
        for (JsonNode n : json.get("nodes")) {
            List<String> p = List.of(n.get("A").asText(), n.get("B").asText());
            assertTrue(pairs.add(p), "pair drawn twice: " + p);
            byId.put(n.get("id").asText(), p);
            states += n.get("states").asLong();
            if (n.get("violated").size() > 0) violated.add(p);
        }
        assertEquals(expected.pairs(), pairs, "every pair drawn is reached, and every pair reached is drawn");
        assertEquals(json.get("states").asLong(), states, "each state counted in its pair once");
        assertEquals(expected.violated(), violated);
        assertFalse(violated.isEmpty(), "rfc9293 violates no-stale-accept");

        Map<List<List<String>>, Set<String>> edges = new HashMap<>();
        for (JsonNode e : json.get("edges")) {
            Set<String> actions = new TreeSet<>();
            e.get("actions").forEach(a -> actions.add(a.asText()));
            assertTrue(e.get("transitions").asLong() >= actions.size());
            edges.put(List.of(byId.get(e.get("source").asText()), byId.get(e.get("target").asText())), actions);
        }
        assertEquals(expected.edges(), edges, "an edge with its action sorts wherever some transition changes the pair");
    }

    @Test
    void theDotParsesWithJGraphTAndGraphvizRendersIt(@TempDir Path dir) throws Exception {
        Path dot = dir.resolve("rfc9293.dot");
        CheckCommandTest.Run run = run("graph", "models/rfc9293.tw", "-o", dot.toString(), "--quiet");
        assertEquals(0, run.exit(), run.err());
        JsonNode json = new ObjectMapper().readTree(run("graph", "models/rfc9293.tw", "--format", "json", "--quiet").out());
        Graph<String, DefaultEdge> parsed = new DirectedPseudograph<>(DefaultEdge.class);
        DOTImporter<String, DefaultEdge> importer = new DOTImporter<>();
        importer.setVertexFactory(id -> id);
        importer.importGraph(parsed, new StringReader(Files.readString(dot, StandardCharsets.UTF_8)));
        assertEquals(json.get("nodes").size(), parsed.vertexSet().size());
        assertEquals(json.get("edges").size(), parsed.edgeSet().size());

        boolean graphviz = new ProcessBuilder("sh", "-c", "command -v dot").start().waitFor() == 0;
        Assumptions.assumeTrue(graphviz, "graphviz is not installed (.ci/run installs it)");
        Path svg = dir.resolve("rfc9293.svg");
        Process p = new ProcessBuilder("dot", "-Tsvg", "-o", svg.toString(), dot.toString()).redirectErrorStream(true)
                .start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), said);
        assertTrue(Files.readString(svg).contains("<svg"), "graphviz drew an SVG");
    }

    @Test
    void graphmlAndOneEndpointAndTheFullGraphOfASmallModel() throws IOException {
        CheckCommandTest.Run graphml = run("graph", "models/rfc9293.tw", "--format", "graphml", "--quiet");
        assertEquals(0, graphml.exit(), graphml.err());
        assertTrue(graphml.out().contains("<graphml"), graphml.out().substring(0, 200));

        CheckCommandTest.Run a = run("graph", "models/rfc9293.tw", "--project", "A", "--format", "json", "--quiet");
        assertEquals(0, a.exit(), a.err());
        Set<String> aStates = new HashSet<>();
        for (JsonNode n : new ObjectMapper().readTree(a.out()).get("nodes")) aStates.add(n.get("A").asText());
        Set<String> expected = new HashSet<>();
        for (List<String> p : reference("models/rfc9293.tw").pairs()) expected.add(p.get(0));
        assertEquals(expected, aStates);

        CheckCommandTest.Run none = run("graph", "models/rfc9293.tw", "--project", "none", "--set", "incarnations=1",
                "--set", "lossBudget=0", "--set", "capacity=1", "--format", "json", "--quiet", "--max-nodes", "100000");
        assertEquals(0, none.exit(), none.err());
        JsonNode full = new ObjectMapper().readTree(none.out());
        assertEquals(full.get("states").asLong(), full.get("nodes").size());
        assertEquals(full.get("transitions").asLong(), full.get("edges").size());
    }

    @Test
    void refusesTheFullGraphOfALargeModelAndUnknownParts() {
        CheckCommandTest.Run none = run("graph", "models/rfc9293.tw", "--project", "none", "--quiet");
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("--max-nodes"), none.err());
        assertEquals(1, none.err().lines().count(), none.err());

        CheckCommandTest.Run part = run("graph", "models/rfc9293.tw", "--project", "C", "--quiet");
        assertEquals(2, part.exit());
        assertTrue(part.err().contains("expected endpoints, none or one of A, B"), part.err());

        CheckCommandTest.Run format = run("graph", "models/rfc9293.tw", "--format", "png", "--quiet");
        assertEquals(2, format.exit());
        assertTrue(format.err().contains("dot, graphml or json"), format.err());
    }

    @Test
    void anIncompleteSearchWritesNothing() {
        CheckCommandTest.Run cut = run("graph", "models/rfc9293.tw", "--max-states", "1000", "--quiet");
        assertEquals(3, cut.exit(), cut.err());
        assertEquals("", cut.out());
        assertTrue(cut.err().contains("incomplete"), cut.err());
    }
}
