package twcheck.model;

public enum Verdict {
    HOLDS, VIOLATED, UNKNOWN;

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
