package twcheck.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Mixed-radix layouts of random radices (small ones, ones near 2^31, ones near 2^62, radix 1):
 * digits round-trip exactly, words stay non-negative with the promised free high bits, the layout
 * is the greedy one, the quotient is exact division, and packing is the mixed-radix number (so
 * the order of the words is that of the digits, read most significant first).
 */
class MixedRadixProperties {

    @Provide
    Arbitrary<long[]> radices() {
        Arbitrary<Long> radix = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(1, 16)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(17, 1L << 31)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1L << 40, Long.MAX_VALUE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(1L)));
        return radix.list().ofMinSize(1).ofMaxSize(40).map(l -> l.stream().mapToLong(Long::longValue).toArray());
    }

    private static long[] randomDigits(long[] radices, Random r) {
        long[] digits = new long[radices.length];
        for (int d = 0; d < radices.length; d++) {
            long x = radices[d];
            // the extremes often, else anything in range
            int pick = r.nextInt(4);
            digits[d] = pick == 0 ? 0 : pick == 1 ? x - 1 : Math.floorMod(r.nextLong(), x);
        }
        return digits;
    }

    @Property(tries = 2000)
    void digitsRoundTripAndWordsKeepTheirFreeBits(@ForAll("radices") long[] radices, @ForAll long seed) {
        MixedRadix m = new MixedRadix(radices);
        long[] digits = randomDigits(radices, new Random(seed));
        long[] words = new long[m.words() + 2];
        m.pack(digits, words, 1);
        for (int w = 1; w <= m.words(); w++) assertTrue(words[w] >= 0, "word " + w + " is non-negative");
        int free = m.freeHighBits();
        if (free > 0 && free < 64) assertEquals(0, words[m.words()] >>> (64 - free), "free high bits are zero");
        long[] back = new long[radices.length];
        m.unpack(words, 1, back);
        assertArrayEquals(digits, back);
    }

    @Property(tries = 1000)
    void theLayoutIsGreedyAndEachWordIsItsMixedRadixNumber(@ForAll("radices") long[] radices, @ForAll long seed) {
        MixedRadix m = new MixedRadix(radices);
        assertEquals(radices.length, m.digits());
        assertEquals(0, m.wordStart(0));
        assertEquals(radices.length, m.wordStart(m.words()));
        BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
        for (int w = 0; w < m.words(); w++) {
            BigInteger product = BigInteger.ONE;
            for (int d = m.wordStart(w); d < m.wordStart(w + 1); d++) {
                assertEquals(w, m.wordOf(d));
                product = product.multiply(BigInteger.valueOf(radices[d]));
            }
            assertTrue(product.compareTo(max) <= 0, "word " + w + " fits");
            // greedy: the next word's first digit would not have fitted
            if (w + 1 < m.words()) {
                BigInteger more = product.multiply(BigInteger.valueOf(radices[m.wordStart(w + 1)]));
                assertTrue(more.compareTo(max) > 0, "word " + w + " could have taken one more digit");
            }
            if (w == m.words() - 1) {
                int expectedFree = product.subtract(BigInteger.ONE).signum() == 0 ? 64
                        : 64 - product.subtract(BigInteger.ONE).bitLength();
                assertEquals(expectedFree, m.freeHighBits());
            }
        }
        long[] digits = randomDigits(radices, new Random(seed));
        long[] words = new long[m.words()];
        m.pack(digits, words, 0);
        for (int w = 0; w < m.words(); w++) {
            BigInteger horner = BigInteger.ZERO;
            for (int d = m.wordStart(w); d < m.wordStart(w + 1); d++) {
                horner = horner.multiply(BigInteger.valueOf(radices[d])).add(BigInteger.valueOf(digits[d]));
                BigInteger place = BigInteger.ONE;
                for (int e = d + 1; e < m.wordStart(w + 1); e++) place = place.multiply(BigInteger.valueOf(radices[e]));
                assertEquals(place.longValueExact(), m.place(d));
            }
            assertEquals(horner.longValueExact(), words[w]);
        }
    }

    @Property(tries = 1000)
    void theQuotientIsExactDivision(@ForAll("radices") long[] radices, @ForAll long seed) {
        MixedRadix m = new MixedRadix(radices);
        Random r = new Random(seed);
        for (int d = 0; d < radices.length; d++) {
            long place = m.place(d);
            for (long x : new long[] {0, 1, place - 1, place, place + 1, Long.MAX_VALUE, Long.MAX_VALUE - 1,
                    r.nextLong() >>> 1, (r.nextLong() >>> 1) / Math.max(1, radices[d]) * place}) {
                if (x < 0) continue;
                assertEquals(x / place, m.quotient(x, d), x + " / " + place);
            }
        }
    }

    @Property(tries = 1000)
    void packingKeepsTheOrderOfTheDigits(@ForAll("radices") long[] radices, @ForAll long seed) {
        MixedRadix m = new MixedRadix(radices);
        Random r = new Random(seed);
        long[] a = randomDigits(radices, r);
        long[] b = a.clone();
        int d = r.nextInt(radices.length);
        b[d] = Math.floorMod(r.nextLong(), radices[d]);
        long[] wa = new long[m.words()];
        long[] wb = new long[m.words()];
        m.pack(a, wa, 0);
        m.pack(b, wb, 0);
        // only the word of digit d changes, and it moves the way the digit does
        for (int w = 0; w < m.words(); w++) {
            if (w != m.wordOf(d)) assertEquals(wa[w], wb[w]);
        }
        int w = m.wordOf(d);
        assertEquals(Long.signum(Long.compare(a[d], b[d])), Long.signum(Long.compare(wa[w], wb[w])));
    }

    @Example
    void radixOneTakesNoRoomAndDigitsOutOfRangeAreRefused() {
        MixedRadix m = new MixedRadix(new long[] {1, 6, 1, 7, 1});
        assertEquals(1, m.words());
        assertEquals(64 - 6, m.freeHighBits()); // 42 values: 6 bits
        long[] w = new long[1];
        m.pack(new long[] {0, 5, 0, 6, 0}, w, 0);
        assertEquals(41, w[0]);
        assertThrows(IllegalArgumentException.class, () -> m.pack(new long[] {0, 6, 0, 0, 0}, w, 0));
        assertThrows(IllegalArgumentException.class, () -> new MixedRadix(new long[] {3, 0}));
        assertEquals("word 0: a/1 b/6 c/1 d/7 e/1\n", m.describe(List.of("a", "b", "c", "d", "e").toArray(new String[0])));
    }

    @Example
    void aDigitThatDoesNotFitStartsAWord() {
        MixedRadix m = new MixedRadix(new long[] {1L << 40, 1L << 22, 2, Long.MAX_VALUE});
        assertEquals(3, m.words()); // 2^62, then 2 * (2^63 - 1) does not fit: the last digit is alone
        assertEquals(0, m.wordOf(1));
        assertEquals(1, m.wordOf(2));
        assertEquals(2, m.wordOf(3));
        assertEquals(1, m.freeHighBits());
    }
}
