package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** sweep's ranges, and thresholds that rest on a vacuous "holds". */
class SweepThresholdTest {

    @Test
    void sweepRangesTooLargeForAnyNumberAreOneLineWithTheRange() {
        for (String param : List.of("timeWait=0..99999999999", "timeWait=0..99999999999999999999999", "timeWait=-1..2",
                "timeWait=x..2", "closer=either..nobody")) {
            CheckCommandTest.Run run = CheckCommandTest.run("sweep", "models/rfc9293.tw", "--param", param, "--quiet");
            assertEquals(2, run.exit(), param + ": " + run.err());
            assertTrue(run.err().startsWith("twcheck: --param " + param + ": expected "), run.err());
            assertTrue(run.err().contains("<= LO <= HI <= "), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
    }

    @Test
    void sweepFlagsAThresholdThatRestsOnAVacuousHolds() throws IOException {
        // closer = none (3): nobody closes, so no old segment can meet a new incarnation
        CheckCommandTest.Run text = CheckCommandTest.run("sweep", "models/rfc9293.tw", "--param", "closer=0..3",
                "--property", "no-stale-accept", "--quiet");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().matches("(?s).*\\n +3  holds \\(vacuous\\) .*"), text.out());
        assertTrue(text.out().contains("threshold for no-stale-accept: closer >= 3 [none] (holds from there through the end"
                + " of the range); VACUOUS: rests on a vacuous holds at closer = 3"), text.out());
        assertTrue(text.out().contains("(vacuous): the property holds at that value only because"), text.out());

        CheckCommandTest.Run json = CheckCommandTest.run("sweep", "models/rfc9293.tw", "--param", "closer=either..none",
                "--property", "no-stale-accept", "--quiet", "--json");
        JsonNode sweep = new ObjectMapper().readTree(json.out());
        assertTrue(sweep.get("thresholdVacuous").asBoolean());
        assertTrue(sweep.get("values").get(3).get("vacuous").asBoolean());
        assertFalse(sweep.get("values").get(0).get("vacuous").asBoolean());
    }

    @Test
    void sweepDoesNotFlagAThresholdWhoseHoldsSaySomething() throws IOException {
        CheckCommandTest.Run run = CheckCommandTest.run("sweep", "models/rfc9293.tw", "--param", "timeWait=4..5",
                "--property", "no-stale-accept", "--quiet");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("threshold for no-stale-accept: timeWait >= 5 (holds from there through the end"
                + " of the range)\n"), run.out());
        assertFalse(run.out().contains("vacuous"), run.out());
    }

    @Test
    void theVacuousValuesOfAThresholdAreThoseFromItOn() {
        List<SweepCommand.Point> points = List.of(new SweepCommand.Point(0, "holds", true, 1L, true),
                new SweepCommand.Point(1, "violated", false, 1L, true), new SweepCommand.Point(2, "holds", false, 1L, true),
                new SweepCommand.Point(3, "holds", true, 1L, true));
        assertEquals(2, SweepCommand.threshold(points));
        assertEquals(List.of(3), SweepCommand.vacuousFrom(points, 2), "the vacuous value below the threshold is not its");
        assertEquals(List.of(), SweepCommand.vacuousFrom(points, null));
    }
}
