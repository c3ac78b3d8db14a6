package twcheck.codec;

import java.math.BigInteger;

/**
 * Ranks the multisets of at most {@code capacity} codes out of {@code 0 .. codes-1} onto
 * {@code 0 .. count()-1}, and back, with the combinatorial number system.
 *
 * <p>A multiset of at most {@code capacity} codes out of {@code codes} is a multiset of exactly
 * {@code capacity} values out of {@code codes + 1}, value 0 padding and code {@code c} being value
 * {@code c + 1}. Its sorted values {@code a_0 <= ... <= a_{capacity-1}} (the padding first) give the
 * combination {@code b_i = a_i + i}, strictly increasing, and the rank {@code sum C(b_i, i + 1)}.
 * Ranks are thus in colexicographic order of the padded values (compared from the largest), and
 * the count is {@code C(codes + capacity, capacity)}.
 *
 * <p>Ranking is a sum of table lookups; unranking finds each {@code b_i} from the largest down,
 * starting from an estimate of the inverse of {@code C(b, k)} instead of a binary search (which
 * mispredicts about half its branches). Nothing is allocated after construction; immutable.
 */
public final class MultisetRank {
    private final int codes;
    private final int capacity;
    private final long count;
    /** {@code binom[k][b] = C(b, k)} for {@code k = 1..capacity}, {@code b < codes + capacity}. */
    private final long[][] binom;
    /** {@code factorial[k] = k!} for {@code k <= capacity}. */
    private final double[] factorial;

    /**
     * @throws IllegalArgumentException if there are more multisets than {@code Long.MAX_VALUE}
     *     (see {@link #count(int, int)})
     */
    public MultisetRank(int codes, int capacity) {
        if (codes < 0 || capacity < 0) throw new IllegalArgumentException("negative codes or capacity");
        BigInteger n = count(codes, capacity);
        if (n.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(n + " multisets do not fit a long");
        }
        this.codes = codes;
        this.capacity = capacity;
        this.count = n.longValueExact();
        factorial = new double[capacity + 1];
        factorial[0] = 1;
        for (int k = 1; k <= capacity; k++) factorial[k] = factorial[k - 1] * k;
        binom = new long[capacity + 1][codes + capacity];
        for (int k = 1; k <= capacity; k++) {
            for (int b = 0; b < codes + capacity; b++) binom[k][b] = binomial(b, k).longValueExact();
        }
    }

    /** The number of multisets of at most {@code capacity} codes out of {@code codes}: {@code C(codes + capacity, capacity)}. */
    public static BigInteger count(int codes, int capacity) {
        return binomial(codes + capacity, capacity);
    }

    /** Whether {@link #count(int, int)} fits a long, so that the ranks do. */
    public static boolean fits(int codes, int capacity) {
        return count(codes, capacity).compareTo(BigInteger.valueOf(Long.MAX_VALUE)) <= 0;
    }

    private static BigInteger binomial(int n, int k) {
        if (k < 0 || k > n) return BigInteger.ZERO;
        BigInteger r = BigInteger.ONE;
        for (int i = 1; i <= k; i++) r = r.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
        return r;
    }

    public int codes() {
        return codes;
    }

    public int capacity() {
        return capacity;
    }

    /** The number of multisets, one more than the largest rank. */
    public long count() {
        return count;
    }

    /** The rank of the multiset {@code sorted[0 .. size)}, sorted ascending, of at most {@link #capacity} codes. */
    public long rank(int[] sorted, int size) {
        int pad = capacity - size;
        long r = 0;
        for (int j = 0; j < size; j++) {
            int i = pad + j;
            r += binom[i + 1][sorted[j] + 1 + i];
        }
        return r;
    }

    /**
     * The rank of the multiset {@code codes[0 .. size)} in any order: sorted first into
     * {@code scratch} (at least {@code size} long) unless it is sorted already.
     */
    public long rankAnyOrder(int[] codes, int size, int[] scratch) {
        for (int j = 1; j < size; j++) {
            if (codes[j - 1] > codes[j]) return rank(sorted(codes, size, scratch), size);
        }
        return rank(codes, size);
    }

    /** The first {@code size} codes of {@code codes} sorted, in {@code scratch} (a multiset has no order). */
    private static int[] sorted(int[] codes, int size, int[] scratch) {
        int[] a = scratch;
        for (int i = 0; i < size; i++) {
            int v = codes[i];
            int j = i - 1;
            while (j >= 0 && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
        return a;
    }

    /**
     * The multiset of rank {@code r} (in {@code 0 .. count()-1}), sorted ascending, into
     * {@code out[0 .. size)} ({@code out} at least {@link #capacity} long); returns its size.
     */
    public int unrank(long r, int[] out) {
        int i = capacity - 1;
        int top = codes + i; // b_i < b_(i+1): each search is below the previous one's result
        for (; i >= 0; i--, top--) {
            long[] row = binom[i + 1];
            // the largest b with C(b, i+1) <= r; b = i means a padding value (0)
            int lo = largestAtMost(row, i + 1, r, i, top);
            if (lo == i) break;
            r -= row[lo];
            out[i] = lo - i - 1;
            top = lo;
        }
        int pad = i + 1;
        int size = capacity - pad;
        if (pad > 0) System.arraycopy(out, pad, out, 0, size);
        return size;
    }

    /**
     * The largest b in {@code min..max} with {@code row[b] = C(b, k) <= r}, given
     * {@code row[min] <= r}. A binary search mispredicts about half its branches; instead start
     * from {@code C(b, k) ~ (b - (k-1)/2)^k / k!} solved for b, which is off by a step or so,
     * and correct it.
     */
    private int largestAtMost(long[] row, int k, long r, int min, int max) {
        double guess = k == 1 ? r
                : k == 2 ? Math.sqrt(2.0 * r) + 0.5
                : Math.pow(r * factorial[k], 1.0 / k) + (k - 1) / 2.0;
        int b = (int) Math.max(min, Math.min(max, guess));
        while (b < max && row[b + 1] <= r) b++;
        while (row[b] > r) b--;
        return b;
    }
}
