package twcheck.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import twcheck.engine.Successors;
import twcheck.engine.TransitionSystem;
import twcheck.model.LivenessSetup;
import twcheck.model.Model;
import twcheck.model.ModelKind;
import twcheck.model.ParameterValues;
import twcheck.spec.ModelSpec;

/** Paths of action names on a model whose actions share names, and the diff of two states. */
class ExplorerTest {

    /**
     * One word of state, a counter: from 0, three actions named "Step" (to 1, to 2, and to 1
     * again) and one named "Stay" (to 0); from any other value, nothing.
     */
    private static final TransitionSystem SAME_NAMES = new TransitionSystem() {
        @Override
        public int stateWords() {
            return 1;
        }

        @Override
        public List<String> labelNames() {
            return List.of();
        }

        @Override
        public Successors newSuccessors() {
            return new Successors() {
                @Override
                public void initialStates(Sink sink) {
                    sink.accept(0, new long[] {0}, 0);
                }

                @Override
                public void successors(long[] state, int offset, Sink sink) {
                    if (state[offset] != 0) return;
                    sink.accept(0, new long[] {1}, 0);
                    sink.accept(1, new long[] {2}, 0);
                    sink.accept(2, new long[] {1}, 0);
                    sink.accept(3, new long[] {0}, 0);
                }
            };
        }

        @Override
        public boolean isIntendedEnd(long[] state, int offset) {
            return state[offset] == 2;
        }

        @Override
        public String describeAction(long[] state, int action) {
            return action == 3 ? "Stay" : "Step";
        }

        @Override
        public Object view(long[] state) {
            return state[0];
        }
    };

    private static final Model MODEL = new Model() {
        @Override
        public ModelKind kind() {
            return null;
        }

        @Override
        public ParameterValues parameters() {
            return null;
        }

        @Override
        public TransitionSystem system() {
            return SAME_NAMES;
        }

        @Override
        public String headline() {
            return "counter";
        }

        @Override
        public List<String> details() {
            return List.of();
        }

        @Override
        public LivenessSetup liveness(List<String> fairness) {
            return null;
        }

        @Override
        public long predicates(long[] state) {
            return 0;
        }

        @Override
        public ObjectNode stateJson(long[] state) {
            return JsonNodeFactory.instance.objectNode().put("n", state[0]);
        }

        @Override
        public long[] stateFromJson(JsonNode state) {
            return new long[] {state.get("n").asLong()};
        }

        @Override
        public JsonNode actionJson(long[] state, int action) {
            return JsonNodeFactory.instance.textNode(describeAction(action));
        }

        private String describeAction(int action) {
            return SAME_NAMES.describeAction(null, action);
        }

        @Override
        public boolean advancesTime(int action) {
            return false;
        }
    };

    private static final Explorer EXPLORER = new Explorer(
            new ModelSpec("counter.tw", "counter", null, null, null, List.of(), List.of()), MODEL);

    @Test
    void actionsOfTheSameNameAreToldApartByWhereTheyLead() {
        List<Explorer.Choice> choices = EXPLORER.choices(new long[] {0});
        assertEquals(List.of("Step", "Step #2", "Stay"), choices.stream().map(Explorer.Choice::token).toList(),
                "the third Step leads where the first does: the same step");
        Explorer.Walk walk = EXPLORER.walk(List.of("Stay", "Step #2"));
        assertArrayEquals(new long[] {2}, walk.last());
        assertEquals(List.of("Stay", "Step #2"), EXPLORER.tokensOf(EXPLORER.run(walk)), "a run's steps get the same tokens back");
        assertTrue(EXPLORER.choices(walk.last()).isEmpty());
        assertEquals(false, EXPLORER.deadlocked(walk.last()), "2 is an intended end");
        assertEquals(true, EXPLORER.deadlocked(EXPLORER.walk(List.of("Step")).last()), "1 is not");
    }

    @Test
    void aStepThatIsNotEnabledIsNamedWithTheStepsThatAre() {
        Explorer.UnknownStep e = assertThrows(Explorer.UnknownStep.class, () -> EXPLORER.walk(List.of("Step #3")));
        assertEquals("step 1: 'Step #3' is not enabled in state 0 (enabled: Step, Step #2, Stay)", e.getMessage());
        e = assertThrows(Explorer.UnknownStep.class, () -> EXPLORER.walk(List.of("Step", "Step")));
        assertEquals("step 2: 'Step' is not enabled in state 1 (nothing is)", e.getMessage());
    }

    @Test
    void aDiffNamesNestedFieldsAndComparesListsAsMultisets() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode before = json.objectNode();
        before.putObject("A").put("state", "ESTABLISHED").put("snd", 0);
        before.putArray("net").add(json.objectNode().put("kind", "FIN").put("age", 0)).add(json.objectNode().put("kind", "ACK"));
        before.put("lost", 0);
        ObjectNode after = json.objectNode();
        after.putObject("A").put("state", "FIN_WAIT_1").put("snd", 0);
        after.putArray("net").add(json.objectNode().put("kind", "ACK")).add(json.objectNode().put("kind", "FIN").put("age", 1));
        after.put("lost", 0);
        assertEquals("[{\"field\":\"A.state\",\"before\":\"ESTABLISHED\",\"after\":\"FIN_WAIT_1\"},"
                + "{\"field\":\"net\",\"removed\":[\"kind=FIN age=0\"],\"added\":[\"kind=FIN age=1\"]}]",
                StateDiff.of(before, after).toString());
        ObjectNode reordered = before.deepCopy();
        reordered.putArray("net").add(json.objectNode().put("kind", "ACK")).add(json.objectNode().put("kind", "FIN").put("age", 0));
        assertEquals("[]", StateDiff.of(before, reordered).toString(), "a reordering of the network is no change");
    }
}
