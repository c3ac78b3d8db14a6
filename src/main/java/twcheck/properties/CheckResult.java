package twcheck.properties;

import java.util.List;
import twcheck.engine.SearchResult;

/** Everything one run of the checker found: the search statistics, verdicts and witnesses. */
public record CheckResult(SearchResult search, List<PropertyResult> properties, List<PropertyResult> witnesses) {

    public boolean anyViolated() {
        return properties.stream().anyMatch(p -> p.verdict() == Verdict.VIOLATED);
    }

    public boolean anyUnknown() {
        return properties.stream().anyMatch(p -> p.verdict() == Verdict.UNKNOWN);
    }
}
