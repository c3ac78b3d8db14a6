package twcheck.codec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A mixed-radix layout of digits in 64-bit words: digit {@code d} takes the values
 * {@code 0 .. radix(d)-1}, and a word holds the digits {@code d1, d2, ..., dk} as the number
 * {@code ((d1*r2 + d2)*r3 + d3)...*rk + dk}, which is below the product of their radices. Digits
 * are assigned to words greedily in order, a new word starting whenever the product of a word's
 * radices would pass {@code Long.MAX_VALUE}, so every word is non-negative. A digit of radix 1 is
 * always 0 and takes no room.
 *
 * <p>For speed a word is the sum of each digit times its {@linkplain #place place value} (the
 * product of the radices after it in its word): the products are independent, where Horner's rule
 * is a chain. It is unpacked by dividing by each place value, with a precomputed reciprocal
 * ({@link #quotient}): digit {@code d} is {@code x / place(d) - radix(d) * (x / place(d-1))}, each
 * quotient independent of the others. Callers that keep partial sums of their own (a codec that
 * re-encodes only what changed) use {@link #place} and {@link #quotient} directly; {@link #pack}
 * and {@link #unpack} do the whole thing.
 *
 * <p>Immutable; knows nothing of what the digits mean.
 */
public final class MixedRadix {
    private final long[] radix;
    private final long[] place;
    /** Reciprocal of the place: {@code q = mulhi(x, magic) >>> (shift - 1)} is {@code x / place}. */
    private final long[] magic;
    private final int[] shift;
    /** Digits of word w are {@code wordStart[w] .. wordStart[w+1]-1}. */
    private final int[] wordStart;
    private final int words;
    private final int freeHighBits;

    /** A layout of {@code radices.length} digits (each radix at least 1), in this order. */
    public MixedRadix(long[] radices) {
        int n = radices.length;
        radix = radices.clone();
        place = new long[n];
        magic = new long[n];
        shift = new int[n];
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        long product = 1;
        for (int d = 0; d < n; d++) {
            long r = radix[d];
            if (r < 1) throw new IllegalArgumentException("digit " + d + ": radix must be at least 1, got " + r);
            if (product > Long.MAX_VALUE / r) {
                starts.add(d);
                product = 1;
            }
            product *= r;
        }
        words = starts.size();
        starts.add(n);
        wordStart = starts.stream().mapToInt(Integer::intValue).toArray();
        freeHighBits = Long.numberOfLeadingZeros(product - 1);
        for (int w = 0; w < words; w++) {
            long pv = 1;
            for (int d = wordStart[w + 1] - 1; d >= wordStart[w]; d--) {
                place[d] = pv;
                // s = ceil(log2 p), magic = ceil(2^(63+s) / p) < 2^64: exact for every dividend below 2^63
                // (a place of 1 is never divided by)
                int s = 64 - Long.numberOfLeadingZeros(pv - 1);
                shift[d] = s;
                BigInteger[] qr = BigInteger.ONE.shiftLeft(63 + s).divideAndRemainder(BigInteger.valueOf(pv));
                BigInteger m = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
                magic[d] = m.longValue();
                pv *= radix[d];
            }
        }
    }

    public int digits() {
        return radix.length;
    }

    /** Words the digits take (at least 1, even for no digits). */
    public int words() {
        return words;
    }

    public long radix(int d) {
        return radix[d];
    }

    /** The first digit of word {@code w}; {@code wordStart(words())} is the number of digits. */
    public int wordStart(int w) {
        return wordStart[w];
    }

    /** The word that holds digit {@code d}. */
    public int wordOf(int d) {
        int w = 0;
        while (wordStart[w + 1] <= d) w++;
        return w;
    }

    /** What digit {@code d} is worth in its word: the product of the radices after it there. */
    public long place(int d) {
        return place[d];
    }

    /** High-order bits of the last word that are zero for every value of the digits. */
    public int freeHighBits() {
        return freeHighBits;
    }

    /** {@code floor(x / place(d))} for {@code 0 <= x < 2^63}, without a division. */
    public long quotient(long x, int d) {
        if (place[d] == 1) return x;
        long m = magic[d];
        long hi = Math.multiplyHigh(x, m) + (m < 0 ? x : 0); // unsigned high word, x >= 0
        return hi >>> (shift[d] - 1);
    }

    /** Packs {@code digits} (each within its radix) into {@code out[offset .. offset+words())}. */
    public void pack(long[] digits, long[] out, int offset) {
        for (int w = 0; w < words; w++) {
            long x = 0;
            for (int d = wordStart[w]; d < wordStart[w + 1]; d++) {
                long v = digits[d];
                if (v < 0 || v >= radix[d]) {
                    throw new IllegalArgumentException("digit " + d + " = " + v + " outside 0.." + (radix[d] - 1));
                }
                x += v * place[d];
            }
            out[offset + w] = x;
        }
    }

    /** The digits of the words at {@code in[offset ..]}, into {@code digits}. */
    public void unpack(long[] in, int offset, long[] digits) {
        for (int w = 0; w < words; w++) {
            long x = in[offset + w];
            long above = 0; // x / place[d - 1], 0 for the first digit of the word
            for (int d = wordStart[w]; d < wordStart[w + 1]; d++) {
                long q = quotient(x, d);
                digits[d] = q - above * radix[d];
                above = q;
            }
        }
    }

    /** The digits and their radices, word by word, named by {@code names} (for tests and diagnostics). */
    public String describe(String[] names) {
        StringBuilder b = new StringBuilder();
        for (int w = 0; w < words; w++) {
            b.append("word ").append(w).append(':');
            for (int d = wordStart[w]; d < wordStart[w + 1]; d++) b.append(' ').append(names[d]).append('/').append(radix[d]);
            b.append('\n');
        }
        return b.toString();
    }
}
