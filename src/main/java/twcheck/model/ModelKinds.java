package twcheck.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The model kinds on the class path, found by {@link ServiceLoader}: a kind registers itself in
 * {@code META-INF/services/twcheck.model.ModelKind}, and nothing else in the tool names it.
 */
public final class ModelKinds {
    private static final List<ModelKind> KINDS = load();

    private ModelKinds() {}

    private static List<ModelKind> load() {
        List<ModelKind> kinds = new ArrayList<>();
        for (ModelKind k : ServiceLoader.load(ModelKind.class, ModelKinds.class.getClassLoader())) {
            if (kinds.stream().noneMatch(other -> other.name().equals(k.name()))) kinds.add(k);
        }
        kinds.sort(java.util.Comparator.comparing(ModelKind::name));
        return List.copyOf(kinds);
    }

    public static List<ModelKind> all() {
        return KINDS;
    }

    public static Optional<ModelKind> byName(String name) {
        return KINDS.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return KINDS.stream().map(ModelKind::name).toList();
    }
}
