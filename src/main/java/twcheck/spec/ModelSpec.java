package twcheck.spec;

import java.util.List;
import twcheck.properties.Property;
import twcheck.tcp.TcpParameters;

/**
 * A parsed model file: which base model, its parameters (after any overrides), and the
 * properties to check.
 */
public record ModelSpec(String source, String name, String description, TcpParameters parameters,
        List<Property> properties) {}
