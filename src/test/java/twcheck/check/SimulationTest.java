package twcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimulationTest {

    /** The estimate of distinct states is within a few standard errors (0.8%) of the truth, and ignores repeats. */
    @Test
    void theDistinctStateEstimateIsCloseAndCountsEachStateOnce() {
        for (int n : new int[] {10, 1000, 200_000}) {
            Simulation.DistinctEstimate once = new Simulation.DistinctEstimate();
            Simulation.DistinctEstimate a = new Simulation.DistinctEstimate();
            Simulation.DistinctEstimate b = new Simulation.DistinctEstimate();
            for (long i = 0; i < n; i++) {
                long[] state = {i, i * 31};
                once.add(state);
                (i % 2 == 0 ? a : b).add(state);
                a.add(state); // a sees every state, some twice
            }
            long estimate = once.estimate();
            assertTrue(Math.abs(estimate - n) <= Math.max(1, 0.04 * n), n + " states estimated as " + estimate);
            b.merge(a);
            assertEquals(estimate, b.estimate(), "merging and repeating change nothing");
        }
    }

    @Test
    void eachWalksGeneratorDependsOnSeedAndWalkOnly() {
        SplittableRandom x = Simulation.random(5, 17);
        SplittableRandom y = Simulation.random(5, 17);
        for (int i = 0; i < 100; i++) assertEquals(x.nextLong(), y.nextLong());
        assertTrue(Simulation.random(5, 17).nextLong() != Simulation.random(5, 18).nextLong());
        assertTrue(Simulation.random(5, 17).nextLong() != Simulation.random(6, 17).nextLong());
    }
}
