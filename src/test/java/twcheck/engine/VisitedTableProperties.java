package twcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The visited set against a map, in every storage layout (1 to 3 words per state; parent links in
 * a parallel array, in the top 32 bits, or behind a used mark and level stamp; hash compaction),
 * with enough states that every segment grows several times, and with several threads inserting
 * at once: whatever the order, each state keeps the smallest parent inserted within its level
 * (while outgrown segments are freed as soon as no thread can be reading them).
 */
class VisitedTableProperties {

    /** Random states of {@code words} words whose last word leaves {@code free} high bits zero. */
    private static List<long[]> states(Random random, int count, int words, int free) {
        Map<List<Long>, long[]> distinct = new HashMap<>();
        long mask = free == 0 ? -1L : -1L >>> free;
        while (distinct.size() < count) {
            long[] s = new long[words];
            for (int i = 0; i < words; i++) s[i] = random.nextLong();
            // narrow values too, so that states differ in few bits
            if (random.nextBoolean()) s[words - 1] = random.nextInt(1 << 20);
            s[words - 1] &= mask;
            List<Long> key = new ArrayList<>();
            for (long w : s) key.add(w);
            distinct.putIfAbsent(key, s);
        }
        return new ArrayList<>(distinct.values());
    }

    @Property(tries = 40)
    void storesEachStateOnceWithTheSmallestParentOfItsLevel(@ForAll @IntRange(min = 1, max = 3) int words,
            @ForAll("freeBits") int free, @ForAll boolean compact, @ForAll @LongRange(min = 0, max = 1000) long seed) {
        Random random = new Random(seed);
        VisitedTable table = new VisitedTable(words, free, compact, 1, MemoryBudget.of(0));
        List<long[]> states = states(random, 40_000 + random.nextInt(40_000), words, free);
        Map<Integer, Integer> parents = new HashMap<>();
        int levelStart = 0;
        for (int level = 0; level < 3; level++) {
            table.beginLevel();
            int levelEnd = levelStart + 1000;
            for (int n = 0; n < states.size(); n++) {
                // each level inserts a third of the states anew and meets some of the others again
                if (n % 3 != level && random.nextInt(4) != 0) continue;
                int p = levelStart + random.nextInt(levelEnd - levelStart);
                int r = table.insert(states.get(n), 0, p, levelStart);
                Integer old = parents.get(n);
                if (old == null) {
                    assertEquals(VisitedTable.NEW, r);
                    parents.put(n, p);
                } else if (old >= levelStart && old > p) {
                    assertEquals(old, r);
                    parents.put(n, p);
                } else {
                    assertEquals(VisitedTable.PRESENT, r);
                }
            }
            levelStart = levelEnd;
        }
        assertEquals(parents.size(), table.size());
        for (int n = 0; n < states.size(); n++) {
            Integer p = parents.get(n);
            assertEquals(p == null ? VisitedTable.ABSENT : p, table.parentOf(states.get(n), 0));
        }
        table.release();
        assertThrows(IllegalStateException.class, () -> table.parentOf(states.get(0), 0));
        assertEquals(parents.size(), table.size());
    }

    @Property(tries = 15)
    void threadsInsertingAtOnceLeaveTheSmallestParent(@ForAll @IntRange(min = 1, max = 2) int words,
            @ForAll("freeBits") int free, @ForAll boolean compact, @ForAll @IntRange(min = 2, max = 4) int threads,
            @ForAll @LongRange(min = 0, max = 1000) long seed) throws InterruptedException {
        Random random = new Random(seed);
        VisitedTable table = new VisitedTable(words, free, compact, threads, MemoryBudget.of(0));
        List<long[]> states = states(random, 30_000 + random.nextInt(30_000), words, free);
        table.beginLevel();
        Map<Integer, Integer> smallest = new ConcurrentHashMap<>();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            long threadSeed = random.nextLong();
            int thread = t;
            workers[t] = new Thread(() -> {
                Random r = new Random(threadSeed);
                List<Integer> order = new ArrayList<>();
                for (int n = 0; n < states.size(); n++) order.add(n);
                Collections.shuffle(order, r);
                int done = 0;
                for (int n : order.subList(0, order.size() * 2 / 3)) {
                    // between lookups, now and then: outgrown slots may be freed while others insert
                    if (done++ % 100 == 0) table.quiescent(thread);
                    int p = r.nextInt(1_000_000);
                    table.insert(states.get(n), 0, p, 0);
                    smallest.merge(n, p, Math::min);
                }
                table.quiescent(thread);
            });
            workers[t].setDaemon(true);
            workers[t].start();
        }
        for (Thread w : workers) {
            // a lookup in freed (poisoned) slots would probe for ever: fail instead of hanging
            w.join(120_000);
            assertFalse(w.isAlive(), "a thread is still probing after two minutes");
        }
        table.beginLevel();
        assertEquals(smallest.size(), table.size());
        for (int n = 0; n < states.size(); n++) {
            Integer p = smallest.get(n);
            assertEquals(p == null ? VisitedTable.ABSENT : p, table.parentOf(states.get(n), 0));
        }
        table.release();
    }

    @Provide
    Arbitrary<Integer> freeBits() {
        return Arbitraries.of(0, 1, 4, 31, 32);
    }
}
