package twcheck.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrapht.Graph;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.AttributeType;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;
import org.jgrapht.nio.graphml.GraphMLExporter;
import twcheck.check.ProjectedGraph;
import twcheck.check.ProjectedGraph.Link;
import twcheck.check.ProjectedGraph.Node;
import twcheck.trace.TraceFile;

/**
 * A {@link ProjectedGraph} as DOT or GraphML (JGraphT's exporters) or JSON (Jackson, in the shape
 * of JGraphT's JSON format: {@code nodes} and {@code edges}). Every format carries the same
 * attributes; DOT also styles them: an initial node is bold, a node where a property is violated
 * red with the properties named, a node of a set a run can never leave drawn with a double border.
 */
public final class GraphFormats {
    private GraphFormats() {}

    public enum Format { DOT, GRAPHML, JSON }

    public static String render(ProjectedGraph picture, Format format, String title) {
        return switch (format) {
            case DOT -> dot(picture, title);
            case GRAPHML -> graphml(picture);
            case JSON -> json(picture, title);
        };
    }

    private static String id(Node n) {
        return "n" + n.id();
    }

    /** The attributes every format carries, by name. */
    private static Map<String, Attribute> nodeAttributes(ProjectedGraph picture, Node n) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("label", DefaultAttribute.createAttribute(n.label()));
        if (picture.parts().isEmpty()) {
            a.put("state", DefaultAttribute.createAttribute(n.values().get(0)));
        } else {
            for (int i = 0; i < picture.parts().size(); i++) {
                a.put(picture.parts().get(i), DefaultAttribute.createAttribute(n.values().get(i)));
            }
        }
        a.put("states", DefaultAttribute.createAttribute(n.states()));
        a.put("depth", DefaultAttribute.createAttribute(n.depth()));
        a.put("initial", DefaultAttribute.createAttribute(n.initial()));
        a.put("violated", DefaultAttribute.createAttribute(String.join(",", n.violated())));
        a.put("trap", DefaultAttribute.createAttribute(n.trap()));
        if (!picture.parts().isEmpty()) a.put("stays", DefaultAttribute.createAttribute(String.join(",", n.staysBy())));
        return a;
    }

    private static Map<String, Attribute> edgeAttributes(Link l) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("label", DefaultAttribute.createAttribute(String.join(",", l.actions())));
        a.put("transitions", DefaultAttribute.createAttribute(l.transitions()));
        return a;
    }

    static String dot(ProjectedGraph picture, String title) {
        DOTExporter<Node, Link> exporter = new DOTExporter<>(GraphFormats::id);
        exporter.setGraphIdProvider(() -> "twcheck");
        exporter.setGraphAttributeProvider(() -> {
            Map<String, Attribute> g = new LinkedHashMap<>();
            // JGraphT writes graph attributes unquoted: quote the title as its vertex attributes are
            g.put("label", DefaultAttribute.createAttribute("\"" + title.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
            g.put("labelloc", DefaultAttribute.createAttribute("t"));
            g.put("fontname", DefaultAttribute.createAttribute("Helvetica"));
            return g;
        });
        exporter.setVertexAttributeProvider(n -> {
            Map<String, Attribute> a = nodeAttributes(picture, n);
            String label = picture.parts().isEmpty() ? n.label() : String.join("\n", n.values());
            // a line break within a quoted DOT string breaks the label (JGraphT's importer reads no \n escape)
            if (!n.violated().isEmpty()) label += "\n✗ " + String.join("\n✗ ", n.violated());
            a.put("label", DefaultAttribute.createAttribute(label));
            a.put("shape", DefaultAttribute.createAttribute("box"));
            a.put("style", DefaultAttribute.createAttribute(n.initial() ? "rounded,bold" : "rounded"));
            a.put("fontname", DefaultAttribute.createAttribute("Helvetica"));
            if (!n.violated().isEmpty()) {
                a.put("color", DefaultAttribute.createAttribute("red"));
                a.put("fontcolor", DefaultAttribute.createAttribute("red"));
            }
            if (n.trap() >= 0) a.put("peripheries", DefaultAttribute.createAttribute(2));
            return a;
        });
        exporter.setEdgeAttributeProvider(l -> {
            Map<String, Attribute> a = edgeAttributes(l);
            a.put("label", DefaultAttribute.createAttribute(String.join("\n", l.actions())));
            a.put("fontname", DefaultAttribute.createAttribute("Helvetica"));
            a.put("fontsize", DefaultAttribute.createAttribute(9));
            return a;
        });
        StringWriter out = new StringWriter();
        exporter.exportGraph(picture.graph(), out);
        return out.toString();
    }

    static String graphml(ProjectedGraph picture) {
        GraphMLExporter<Node, Link> exporter = new GraphMLExporter<>(GraphFormats::id);
        Node any = picture.graph().vertexSet().stream().findFirst().orElse(null);
        if (any != null) {
            for (Map.Entry<String, Attribute> e : nodeAttributes(picture, any).entrySet()) {
                exporter.registerAttribute(e.getKey(), GraphMLExporter.AttributeCategory.NODE, e.getValue().getType());
            }
        }
        exporter.registerAttribute("label", GraphMLExporter.AttributeCategory.EDGE, AttributeType.STRING);
        exporter.registerAttribute("transitions", GraphMLExporter.AttributeCategory.EDGE, AttributeType.LONG);
        exporter.setVertexAttributeProvider(n -> nodeAttributes(picture, n));
        exporter.setEdgeAttributeProvider(GraphFormats::edgeAttributes);
        StringWriter out = new StringWriter();
        exporter.exportGraph(picture.graph(), out);
        return out.toString();
    }

    static String json(ProjectedGraph picture, String title) {
        Graph<Node, Link> g = picture.graph();
        ObjectNode root = TraceFile.mapper().createObjectNode();
        root.put("title", title);
        root.put("states", picture.states());
        root.put("transitions", picture.transitions());
        ArrayNode parts = root.putArray("parts");
        picture.parts().forEach(parts::add);
        ArrayNode nodes = root.putArray("nodes");
        for (Node n : g.vertexSet()) {
            ObjectNode o = nodes.addObject();
            o.put("id", id(n));
            o.put("label", n.label());
            if (picture.parts().isEmpty()) {
                o.set("state", parse(n.values().get(0)));
            } else {
                for (int i = 0; i < picture.parts().size(); i++) o.put(picture.parts().get(i), n.values().get(i));
            }
            o.put("states", n.states());
            o.put("depth", n.depth());
            o.put("initial", n.initial());
            ArrayNode violated = o.putArray("violated");
            n.violated().forEach(violated::add);
            if (n.trap() >= 0) o.put("trap", n.trap());
            else o.putNull("trap");
            if (!picture.parts().isEmpty()) {
                ArrayNode stays = o.putArray("stays");
                n.staysBy().forEach(stays::add);
            }
        }
        ArrayNode edges = root.putArray("edges");
        for (Link l : g.edgeSet()) {
            ObjectNode o = edges.addObject();
            o.put("source", id(g.getEdgeSource(l)));
            o.put("target", id(g.getEdgeTarget(l)));
            ArrayNode actions = o.putArray("actions");
            l.actions().forEach(actions::add);
            o.put("transitions", l.transitions());
        }
        try {
            return TraceFile.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(JsonEnvelope.wrap(root, "graph"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return TraceFile.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
