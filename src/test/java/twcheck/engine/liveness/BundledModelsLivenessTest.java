package twcheck.engine.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import twcheck.engine.BreadthFirstSearch;
import twcheck.engine.SearchOptions;
import twcheck.engine.SearchResult;
import twcheck.engine.StateGraph;
import twcheck.engine.TransitionSystem;
import twcheck.model.LivenessSetup;
import twcheck.model.Model;
import twcheck.model.Property;
import twcheck.spec.ModelFiles;
import twcheck.spec.ModelSpec;

/**
 * Every bundled model's leads-to and eventually properties, on the graph its search records,
 * against the old checker kept as the reference: the same verdicts, premise counts, numbers of
 * fair components and stem lengths, and valid lassos.
 */
class BundledModelsLivenessTest {

    static Stream<Path> models() throws IOException {
        return Files.list(Path.of("models")).filter(p -> p.toString().endsWith(".tw")).sorted();
    }

    @ParameterizedTest
    @MethodSource("models")
    void theCheckerAgreesWithTheReference(Path file) {
        ModelSpec spec = ModelFiles.read(file, List.of());
        Model instance = spec.instantiate();
        TransitionSystem model = instance.system();
        LivenessSetup setup = instance.liveness(spec.fairness());
        SearchOptions.GraphRecording recording = new SearchOptions.GraphRecording(setup.actionClass(),
                setup.classCount(), setup.predicates(), setup.predicateCount());
        SearchResult search = new BreadthFirstSearch(model, SearchOptions.exhaustive().withThreads(2)
                .recordingGraph(recording)).run();
        assertTrue(search.complete());
        StateGraph g = search.graph();
        BitSet[] marks = new BitSet[setup.predicateCount()];
        for (int i = 0; i < marks.length; i++) marks[i] = g.predicate(i);
        LassoValidator.Edges edges = LassoValidator.Edges.of(g);
        LivenessChecker checker = new LivenessChecker(g, setup.fairness(), FiniteRuns.VIOLATE);
        int checked = 0;
        for (Property p : spec.properties()) {
            if (!p.kind().liveness()) continue;
            LivenessProperty prop = p.premise() == null ? LivenessProperty.eventually(p.name(), marks[p.goal().bit()]::get)
                    : LivenessProperty.leadsTo(p.name(), marks[p.premise().bit()]::get, marks[p.goal().bit()]::get);
            LivenessResult mine = checker.check(prop);
            LivenessResult reference = ReferenceLivenessChecker.check(g, prop, setup.fairness(), FiniteRuns.VIOLATE);
            String what = file + " " + p.name();
            assertEquals(reference.verdict(), mine.verdict(), what);
            assertEquals(reference.premiseStates(), mine.premiseStates(), what);
            assertEquals(reference.openPremiseStates(), mine.openPremiseStates(), what);
            assertEquals(reference.fairComponents(), mine.fairComponents(), what);
            if (!mine.holds()) {
                LassoValidator.validate(edges, prop, setup.fairness(), FiniteRuns.VIOLATE, mine.counterexample());
                assertEquals(reference.counterexample().stemEdges().length, mine.counterexample().stemEdges().length, what);
                assertEquals(reference.counterexample().finite(), mine.counterexample().finite(), what);
            }
            checked++;
        }
        if (spec.properties().stream().anyMatch(p -> p.kind().liveness())) assertTrue(checked > 0);
    }
}
