package twcheck.tcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import twcheck.trace.TraceFile;

/**
 * A trace of the TCP model read back into the model's own types (views of both endpoints and
 * the network, structured actions), for its explanations and charts.
 */
final class TcpTrace {

    /** A step's header, with its action as the TCP model describes it. */
    record StepMeta(int index, String action, TcpAction event, int tick) {}

    /** One state of the run and the action that led to it. */
    record State(StepMeta meta, TcpView view) {
        TcpView.EndpointView a() {
            return view.A();
        }

        TcpView.EndpointView b() {
            return view.B();
        }

        List<TcpView.SegmentView> net() {
            return view.net();
        }

        int lost() {
            return view.lost();
        }
    }

    private final TraceFile.Meta meta;
    private final List<State> states;
    private final Integer loop;

    private TcpTrace(TraceFile.Meta meta, List<State> states, Integer loop) {
        this.meta = meta;
        this.states = states;
        this.loop = loop;
    }

    /**
     * The trace in TCP terms.
     *
     * @throws IllegalArgumentException naming the first state that is not a TCP state
     */
    static TcpTrace of(TraceFile trace) {
        List<State> states = new ArrayList<>();
        for (int i = 0; i < trace.states().size(); i++) {
            TraceFile.State s = trace.states().get(i);
            TraceFile.StepMeta m = s.meta();
            try {
                TcpView view = TraceFile.mapper().treeToValue(s.values(), TcpView.class);
                if (view.A() == null || view.B() == null || view.net() == null) {
                    throw new IllegalArgumentException("state " + i + ": a state needs A, B and net");
                }
                TcpAction event = m == null ? null : event(m.event());
                states.add(new State(new StepMeta(m == null ? i : m.index(), m == null ? null : m.action(), event,
                        m == null ? 0 : m.tick()), view));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("state " + i + ": not a TCP state: " + reason(e));
            }
        }
        return new TcpTrace(trace.meta(), List.copyOf(states), trace.loop());
    }

    TraceFile.Meta meta() {
        return meta;
    }

    /** The state a lasso returns to, or null (see {@link TraceFile#loop}). */
    Integer loop() {
        return loop;
    }

    List<State> states() {
        return states;
    }

    /** A one-line reason for a JSON state or event that does not read as the TCP model's: the field and what is wrong. */
    static String reason(JsonProcessingException e) {
        String where = "";
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
                else if (r.getIndex() >= 0) path.append('[').append(r.getIndex()).append(']');
            }
            where = "field '" + path + "': ";
        }
        String message = e.getOriginalMessage();
        // Jackson names Java types; say what the JSON should have been instead
        if (message.startsWith("Cannot construct instance of") || message.startsWith("Cannot deserialize value of type")) {
            int problem = message.indexOf("problem: ");
            message = problem >= 0 ? message.substring(problem + 9) : "wrong type of value";
        }
        return where + message;
    }

    /** The structured event of a JSON step header (null if absent). */
    private static TcpAction event(JsonNode node) throws JsonProcessingException {
        return node == null || node.isNull() ? null : TraceFile.mapper().treeToValue(node, TcpAction.class);
    }
}
