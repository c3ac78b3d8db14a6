package twcheck.properties;

public enum Verdict {
    HOLDS, VIOLATED, UNKNOWN;

    public String jsonName() {
        return name().toLowerCase();
    }
}
