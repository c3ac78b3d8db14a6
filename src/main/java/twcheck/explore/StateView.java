package twcheck.explore;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import twcheck.model.Model;
import twcheck.model.ModelKind;
import twcheck.model.Property;
import twcheck.trace.TraceFile;

/**
 * The JSON the page shows for one state: the path to it, the state as the model writes it, what
 * the properties and witnesses say about it, every enabled action with what it would change, and
 * the path drawn as the model kind draws traces.
 */
final class StateView {
    private StateView() {}

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static ObjectNode of(Explorer explorer, Explorer.Walk walk) {
        Model model = explorer.model();
        ObjectNode out = JSON.objectNode();
        int last = walk.steps().size();
        int tick = 0;
        ArrayNode path = out.putArray("path");
        for (int i = 1; i <= last; i++) {
            Explorer.Choice step = walk.steps().get(i - 1);
            if (model.advancesTime(step.code())) tick++;
            ObjectNode s = path.addObject().put("token", step.token()).put("tick", tick);
            ArrayNode violates = s.putArray("violates");
            for (Property p : explorer.spec().properties()) if (explorer.violates(p, walk, i)) violates.add(p.name());
            ArrayNode reaches = s.putArray("reaches");
            for (Property w : model.kind().witnesses()) if (explorer.reaches(w, walk, i)) reaches.add(w.name());
        }
        long[] state = walk.last();
        out.put("tick", tick);
        out.set("state", model.stateJson(state));
        List<Explorer.Choice> choices = explorer.choices(state);
        out.put("deadlock", explorer.deadlocked(state));
        out.put("end", choices.isEmpty() && !explorer.deadlocked(state));
        out.set("properties", properties(explorer, walk));
        out.set("enabled", enabled(explorer, state, choices));
        out.set("chart", chart(model.kind(), explorer.traceFile(walk)));
        return out;
    }

    /** Every checked property and every witness, with what this state and the path to it show. */
    private static ArrayNode properties(Explorer explorer, Explorer.Walk walk) {
        ArrayNode out = JSON.arrayNode();
        long predicates = explorer.model().predicates(walk.last());
        int last = walk.steps().size();
        for (Property p : explorer.spec().properties()) {
            ObjectNode o = describe(out, p, false);
            boolean safety = p.kind() == Property.Kind.ALWAYS_NOT || p.kind() == Property.Kind.NO_DEADLOCK;
            o.put("searchable", safety);
            if (safety) {
                ArrayNode at = o.putArray("steps");
                for (int i = 0; i <= last; i++) if (explorer.violates(p, walk, i)) at.add(i);
                o.put("here", explorer.violates(p, walk, last));
            } else if (p.kind().liveness()) {
                if (p.premise() != null) o.put("premise", p.premise().holdsIn(predicates));
                o.put("goal", p.goal().holdsIn(predicates));
                o.put("note", "decided on whole runs: run check");
            } else {
                o.put("note", "measured on whole runs: run check");
            }
        }
        for (Property w : explorer.model().kind().witnesses()) {
            ObjectNode o = describe(out, w, true);
            ArrayNode at = o.putArray("steps");
            for (int i = 1; i <= last; i++) if (explorer.reaches(w, walk, i)) at.add(i);
            o.put("here", explorer.reaches(w, walk, last));
            o.put("searchable", false);
        }
        return out;
    }

    private static ObjectNode describe(ArrayNode out, Property p, boolean witness) {
        ObjectNode o = out.addObject().put("name", p.name()).put("kind", p.kind().jsonName()).put("witness", witness)
                .put("definition", p.definition());
        if (p.goal() != null) o.put("goalName", p.goal().name());
        if (p.premise() != null) o.put("premiseName", p.premise().name());
        return o;
    }

    private static ArrayNode enabled(Explorer explorer, long[] state, List<Explorer.Choice> choices) {
        Model model = explorer.model();
        ObjectNode before = model.stateJson(state);
        ArrayNode out = JSON.arrayNode();
        for (Explorer.Choice c : choices) {
            ObjectNode o = out.addObject().put("token", c.token()).put("group", group(c.name()))
                    .put("advancesTime", model.advancesTime(c.code()));
            o.set("event", model.actionJson(state, c.code()));
            o.set("changes", StateDiff.of(before, model.stateJson(c.next())));
            ArrayNode violates = o.putArray("violates");
            for (Property p : explorer.spec().properties()) {
                int bit = explorer.labelBit(p);
                if (p.kind() == Property.Kind.ALWAYS_NOT && bit >= 0 && (c.labels() & 1L << bit) != 0) violates.add(p.name());
            }
            ArrayNode reaches = o.putArray("reaches");
            for (Property w : model.kind().witnesses()) {
                int bit = explorer.labelBit(w);
                if (bit >= 0 && (c.labels() & 1L << bit) != 0) reaches.add(w.name());
            }
        }
        return out;
    }

    /** The group of an action: its name up to the first parenthesis ("Deliver(FIN …)" is a Deliver). */
    static String group(String name) {
        int open = name.indexOf('(');
        return (open < 0 ? name : name.substring(0, open)).strip();
    }

    /** The path drawn as the kind draws traces: its SVG chart if it has one, and its text chart. */
    private static ObjectNode chart(ModelKind kind, TraceFile trace) {
        ObjectNode out = JSON.objectNode();
        try {
            Optional<String> svg = kind.charts().svg(trace);
            svg.ifPresent(s -> out.put("svg", s));
            out.put("text", kind.charts().text(trace));
        } catch (IllegalArgumentException e) {
            out.put("error", "the chart cannot be drawn: " + e.getMessage());
        }
        return out;
    }
}
