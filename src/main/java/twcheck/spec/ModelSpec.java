package twcheck.spec;

import java.util.List;
import twcheck.properties.Property;
import twcheck.tcp.TcpParameters;

/**
 * A parsed model file: which base model, its parameters (after any overrides), the properties
 * to check, and the fairness assumptions liveness properties rely on.
 */
public record ModelSpec(String source, String name, String description, TcpParameters parameters,
        List<Property> properties, List<String> fairness) {

    /** The fairness assumptions a model file gets when it names none. */
    public static final List<String> DEFAULT_FAIRNESS = List.of("tick", "timers", "delivery", "close");
}
