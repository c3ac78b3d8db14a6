package twcheck.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import twcheck.trace.TraceFile;

/**
 * Charts for a model kind that draws none of its own: every state's variables on one line, and a
 * diff that names the variables (down to nested fields) each step changed.
 */
final class GenericCharts implements ModelKind.TraceCharts {

    @Override
    public String text(TraceFile trace) {
        StringBuilder out = new StringBuilder();
        for (TraceFile.State s : trace.states()) {
            int i = s.meta() == null ? 0 : s.meta().index();
            String action = s.meta() == null || s.meta().action() == null ? "initial" : s.meta().action();
            out.append(String.format("%4d  %-24s %s%n", i, action, s.values()));
        }
        return out.toString();
    }

    @Override
    public Optional<String> svg(TraceFile trace) {
        return Optional.empty();
    }

    @Override
    public String diff(TraceFile trace) {
        StringBuilder out = new StringBuilder();
        List<TraceFile.State> states = trace.states();
        out.append(String.format("%4d  %s%n      %s%n", 0, "initial state", states.get(0).values()));
        for (int i = 1; i < states.size(); i++) {
            Map<String, String> before = flatten(states.get(i - 1).values());
            Map<String, String> after = flatten(states.get(i).values());
            List<String> changes = new ArrayList<>();
            for (Map.Entry<String, String> e : after.entrySet()) {
                String old = before.get(e.getKey());
                if (!e.getValue().equals(old)) changes.add(e.getKey() + " " + (old == null ? "-" : old) + "->" + e.getValue());
            }
            for (String gone : before.keySet()) {
                if (!after.containsKey(gone)) changes.add(gone + " " + before.get(gone) + "->-");
            }
            out.append(String.format("%4d  %s%s%n", i, states.get(i).meta().action(),
                    Integer.valueOf(i).equals(trace.meta().violationIndex()) ? "   <== " + trace.meta().property() : ""));
            out.append("      ").append(changes.isEmpty() ? "(no change)" : String.join("; ", changes)).append('\n');
        }
        return out.toString();
    }

    /** Leaf values by dotted path ({@code A.state}, {@code net[0].seq}). */
    private static Map<String, String> flatten(JsonNode node) {
        Map<String, String> leaves = new LinkedHashMap<>();
        flatten("", node, leaves);
        return leaves;
    }

    private static void flatten(String path, JsonNode node, Map<String, String> leaves) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), leaves);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) flatten(path + "[" + i + "]", node.get(i), leaves);
        } else {
            leaves.put(path, node.asText());
        }
    }
}
