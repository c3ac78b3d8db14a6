package twcheck.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * What the running twcheck was built as: the pom's version and the git commit, which the build
 * writes into {@code twcheck/build.properties} (see the pom's resources-filtered). Built outside
 * a git checkout, or from a resource the build did not fill in, the commit is absent, and the
 * text says so rather than make one up.
 *
 * @param version the pom's version, or null if the build did not record it
 * @param commit the full commit id, or null if not built from a git checkout
 * @param dirty whether the checkout had uncommitted changes (false when unknown)
 */
public record BuildInfo(String version, String commit, boolean dirty) {
    private static final String RESOURCE = "twcheck/build.properties";
    private static final BuildInfo CURRENT = load();

    /** The build of the code that is running. */
    public static BuildInfo current() {
        return CURRENT;
    }

    private static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + ": cannot read", e);
        }
        return of(p);
    }

    /** The build the properties describe; a value the build left unfilled ({@code ${...}}) counts as absent. */
    public static BuildInfo of(Properties p) {
        return new BuildInfo(filled(p.getProperty("version")), filled(p.getProperty("commit")),
                "true".equals(filled(p.getProperty("dirty"))));
    }

    private static String filled(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? null : value.strip();
    }

    /** The version, or a word saying it is unknown. */
    public String versionText() {
        return version == null ? "unknown" : version;
    }

    public Optional<String> commitId() {
        return Optional.ofNullable(commit);
    }

    /** One line about the commit, for {@code --version}. */
    public String commitLine() {
        if (commit == null) return "commit unknown (not built from a git checkout)";
        return "commit " + commit + (dirty ? " (with uncommitted changes)" : "");
    }
}
