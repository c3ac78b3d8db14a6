package twcheck.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Multiset ranks: on small universes, every multiset enumerated, the rank is a bijection onto
 * {@code 0 .. count-1} in colexicographic order of the padded values, and unranking inverts it; on
 * large ones (up to counts near 2^63), random multisets round-trip, the largest rank included, and
 * the rank does not depend on the order the codes are given in.
 */
class MultisetRankProperties {

    /** Every sorted multiset of at most {@code capacity} codes out of {@code codes}. */
    private static List<int[]> all(int codes, int capacity) {
        List<int[]> out = new ArrayList<>();
        extend(new int[0], 0, codes, capacity, out);
        return out;
    }

    private static void extend(int[] prefix, int min, int codes, int capacity, List<int[]> out) {
        out.add(prefix);
        if (prefix.length == capacity) return;
        for (int c = min; c < codes; c++) {
            int[] next = Arrays.copyOf(prefix, prefix.length + 1);
            next[prefix.length] = c;
            extend(next, c, codes, capacity, out);
        }
    }

    /** The padded values, largest first: the key whose lexicographic order is the rank's. */
    private static int[] colexKey(int[] sorted, int capacity) {
        int[] a = new int[capacity];
        int pad = capacity - sorted.length;
        for (int j = 0; j < sorted.length; j++) a[pad + j] = sorted[j] + 1;
        int[] key = new int[capacity];
        for (int i = 0; i < capacity; i++) key[i] = a[capacity - 1 - i];
        return key;
    }

    @Property(tries = 200)
    void onSmallUniversesTheRankIsAnOrderedBijection(@ForAll @IntRange(min = 0, max = 9) int codes,
            @ForAll @IntRange(min = 0, max = 5) int capacity) {
        MultisetRank rank = new MultisetRank(codes, capacity);
        List<int[]> multisets = all(codes, capacity);
        assertEquals(multisets.size(), rank.count());
        assertEquals(BigInteger.valueOf(multisets.size()), MultisetRank.count(codes, capacity));
        BitSet seen = new BitSet();
        int[] out = new int[capacity];
        long[] ranks = new long[multisets.size()];
        for (int k = 0; k < multisets.size(); k++) {
            int[] m = multisets.get(k);
            long r = rank.rank(m, m.length);
            assertTrue(r >= 0 && r < rank.count(), "rank " + r + " in range");
            assertFalse(seen.get((int) r), "rank " + r + " given twice");
            seen.set((int) r);
            ranks[k] = r;
            int size = rank.unrank(r, out);
            assertArrayEquals(m, Arrays.copyOf(out, size), "unrank inverts rank");
        }
        assertEquals(multisets.size(), seen.cardinality());
        // ordering: rank order is the colexicographic order of the padded values
        int[][] keys = new int[multisets.size()][];
        for (int k = 0; k < keys.length; k++) keys[k] = colexKey(multisets.get(k), capacity);
        for (int i = 0; i < multisets.size(); i++) {
            for (int j = 0; j < multisets.size(); j++) {
                int byKey = Arrays.compare(keys[i], keys[j]);
                assertEquals(Integer.signum(byKey), Long.signum(Long.compare(ranks[i], ranks[j])));
            }
        }
    }

    @Property(tries = 3000)
    void largeMultisetsRoundTripInAnyOrder(@ForAll @IntRange(min = 1, max = 5000) int codes,
            @ForAll @IntRange(min = 1, max = 12) int capacity, @ForAll long seed) {
        if (!MultisetRank.fits(codes, capacity)) {
            assertThrows(IllegalArgumentException.class, () -> new MultisetRank(codes, capacity));
            return;
        }
        MultisetRank rank = new MultisetRank(codes, capacity);
        Random r = new Random(seed);
        int size = r.nextInt(capacity + 1);
        int[] m = new int[size];
        for (int i = 0; i < size; i++) m[i] = r.nextInt(4) == 0 ? codes - 1 : r.nextInt(codes);
        int[] sorted = m.clone();
        Arrays.sort(sorted);
        long x = rank.rank(sorted, size);
        assertTrue(x >= 0 && x < rank.count());
        assertEquals(x, rank.rankAnyOrder(m, size, new int[capacity]), "a multiset has no order");
        int[] out = new int[capacity];
        assertArrayEquals(sorted, Arrays.copyOf(out, rank.unrank(x, out)));
        // the ends of the range
        int[] top = new int[capacity];
        Arrays.fill(top, codes - 1);
        assertEquals(rank.count() - 1, rank.rank(top, capacity));
        assertEquals(capacity, rank.unrank(rank.count() - 1, out));
        assertArrayEquals(top, out);
        assertEquals(0, rank.rank(new int[0], 0));
        assertEquals(0, rank.unrank(0, out));
        // a random rank, and its neighbours, come back too
        long y = Math.floorMod(r.nextLong(), rank.count());
        for (long z : new long[] {y, Math.max(0, y - 1), Math.min(rank.count() - 1, y + 1)}) {
            int n = rank.unrank(z, out);
            int[] got = Arrays.copyOf(out, n);
            for (int i = 1; i < n; i++) assertTrue(got[i - 1] <= got[i], "unranked multisets are sorted");
            for (int c : got) assertTrue(c >= 0 && c < codes, "codes in range");
            assertEquals(z, rank.rank(got, n));
        }
    }

    @Example
    void countsAreBinomials() {
        assertEquals(BigInteger.valueOf(84), MultisetRank.count(6, 3)); // C(9, 3)
        assertEquals(1, new MultisetRank(0, 4).count());
        assertEquals(1, new MultisetRank(7, 0).count());
        assertTrue(MultisetRank.fits(1000, 7));
        assertFalse(MultisetRank.fits(100_000, 8));
    }
}
