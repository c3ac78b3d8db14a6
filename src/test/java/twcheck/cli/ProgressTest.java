package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** --progress ndjson: one JSON object per line, with the same fields every tick of a phase. */
class ProgressTest {

    static List<JsonNode> lines(StringWriter text) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> objects = new java.util.ArrayList<>();
        for (String line : text.toString().split("\n")) objects.add(mapper.readTree(line));
        return objects;
    }

    static Set<String> fields(JsonNode o) {
        Set<String> names = new TreeSet<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void everyTickIsOneJsonObjectOnItsOwnLine() throws Exception {
        StringWriter text = new StringWriter();
        Progress p = new Progress(new PrintWriter(text, true), Progress.Style.NDJSON);
        p.report(1000, 2500, 7, 300, 1.0); // before the first tick is due: nothing
        p.report(5000, 12000, 9, 800, 2.5);
        p.report(9000, 20000, 11, 900, 6.5);
        p.phase("liveness, no-deadlock, fair cycles", 10, 9000, 3.0);
        p.value("timeWait", 2);
        List<JsonNode> objects = lines(text);
        assertEquals(4, objects.size(), text.toString());
        Set<String> search = Set.of("phase", "states", "transitions", "depth", "frontier", "rate", "elapsed");
        assertEquals(new TreeSet<>(search), fields(objects.get(0)));
        assertEquals(new TreeSet<>(search), fields(objects.get(1)));
        assertEquals("search", objects.get(0).get("phase").asText());
        assertEquals(5000, objects.get(0).get("states").asLong());
        assertEquals(12000, objects.get(0).get("transitions").asLong());
        assertEquals(1000, objects.get(1).get("rate").asLong(), "4,000 states in the 4 s since the last tick");
        assertEquals("liveness, no-deadlock, fair cycles", objects.get(2).get("phase").asText());
        assertEquals(Set.of("phase", "done", "total", "elapsed"), fields(objects.get(2)));
        assertEquals("sweep", objects.get(3).get("phase").asText());
    }

    @Test
    void simulationTicksCarryWalksAndAnEstimateOfTheTimeLeft() throws Exception {
        StringWriter text = new StringWriter();
        Progress p = new Progress(new PrintWriter(text, true), Progress.Style.NDJSON);
        p.walks(250, 1000, 50_000, 2.5);
        JsonNode o = lines(text).get(0);
        assertEquals(Set.of("phase", "walks", "of", "steps", "rate", "elapsed", "eta"), fields(o));
        assertEquals(8, o.get("eta").asLong(), "750 walks left at 100 walks/s");
        assertEquals(20_000, o.get("rate").asLong());

        StringWriter plain = new StringWriter();
        new Progress(new PrintWriter(plain, true)).walks(250, 1000, 50_000, 2.5);
        assertTrue(plain.toString().startsWith("progress (simulate): 250 of 1,000 walks"), plain.toString());
    }

    @Test
    void checkAndSweepTakeTheOptionAndRefuseUnknownStyles() {
        CheckCommandTest.Run bad = CheckCommandTest.run("check", "models/rfc9293.tw", "--progress", "xml");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--progress xml: expected text or ndjson"), bad.err());
        CheckCommandTest.Run sweep = CheckCommandTest.run("sweep", "models/rfc9293.tw", "--param", "timeWait=2..2",
                "--progress", "ndjson", "--property", "no-deadlock");
        assertEquals(0, sweep.exit(), sweep.err());
        for (String line : sweep.err().split("\n")) {
            assertTrue(line.startsWith("{\"phase\":"), "only JSON objects on stderr: " + line);
        }
    }
}
