package twcheck.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import twcheck.trace.Json;

/**
 * jbang cannot run here, so the catalog is held to the pom: a version bump that forgets the
 * catalog would send {@code jbang twcheck@...} to the previous release, or to no jar at all.
 */
class JbangCatalogTest {

    private static String pomField(Element project, String name) {
        return project.getElementsByTagName(name).item(0).getTextContent().strip();
    }

    @Test
    void theCatalogNamesTheCommandLineJarThePomBuilds() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile())
                .getDocumentElement();
        String version = System.getProperty("twcheck.version");
        assertEquals(version, pomField(project, "version"));
        JsonNode aliases = Json.mapper().readTree(Path.of("jbang-catalog.json").toFile()).get("aliases");
        assertEquals(pomField(project, "groupId") + ":" + pomField(project, "artifactId") + ":" + version + ":cli",
                aliases.get("twcheck").get("script-ref").asText(), "the published command-line jar, by its coordinates");
        assertEquals("target/twcheck-" + version + "-cli.jar", aliases.get("twcheck-local").get("script-ref").asText(),
                "the jar mvn package builds in a checkout");
        aliases.fields().forEachRemaining(a -> assertFalse(a.getValue().path("description").asText().isBlank(), a.getKey()));
    }
}
