package twcheck.spec;

import java.util.List;
import twcheck.model.Model;
import twcheck.model.ModelKind;
import twcheck.model.ParameterValues;
import twcheck.model.Property;

/**
 * A parsed model file: which model kind, its parameters (after any overrides), the properties
 * to check, and the fairness assumptions liveness properties rely on.
 */
public record ModelSpec(String source, String name, String description, ModelKind kind, ParameterValues parameters,
        List<Property> properties, List<String> fairness) {

    /** The model this file describes. */
    public Model instantiate() {
        return kind.instantiate(parameters);
    }

    public ModelSpec withFairness(List<String> other) {
        return new ModelSpec(source, name, description, kind, parameters, properties, List.copyOf(other));
    }
}
