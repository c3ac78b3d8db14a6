package twcheck.tcp;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;
import java.util.function.ToIntFunction;

/**
 * Packs a {@link TcpState} into as few {@code long} words as possible, exactly and reversibly,
 * by mixed-radix arithmetic rather than bit fields.
 *
 * <p>Every field of the state is a <em>digit</em> with a known range {@code 0 .. range-1}; a word
 * holds the digits {@code d1, d2, ..., dk} as the number {@code ((d1*r2 + d2)*r3 + d3)...*rk + dk},
 * which is below the product of the ranges. Digits are assigned to words greedily in the order of
 * {@link #fields}, starting a new word whenever the product of a word's ranges would reach
 * 2<sup>63</sup>, so every word is non-negative. A field of range 1 (for example the field of a
 * design variant that is switched off) is always 0 and takes no room at all.
 *
 * <p>The network is one more digit: with {@code reorder = 1} the network is a multiset (the
 * {@code net} array is normally kept sorted ascending, but any order packs the same) of at most {@code capacity} segment codes, ranked with the
 * combinatorial number system: a multiset of at most {@code CAP} codes out of {@code N} is a
 * multiset of exactly {@code CAP} values out of {@code N + 1} (value 0 pads), whose sorted values
 * {@code a_0 <= ... <= a_{CAP-1}} give the combination {@code b_i = a_i + i} and the rank
 * {@code sum C(b_i, i + 1)}, below {@code C(N + CAP, CAP)}. With {@code reorder = 0} the network is
 * an ordered sequence (A's segments in sending order, then B's, see
 * {@link TcpState#canonicalizeFifo}), and when the multiset rank would not fit in a word, the
 * network is {@code capacity} digits of range {@code N + 1}, slot {@code i} holding
 * {@code net[i] + 1} or 0 past the end. Either way equal (canonical) states give equal words.
 *
 * <p><b>Adding a field to {@link TcpState}:</b> add one entry to {@link #fields}, either
 * {@link Field#perEndpoint} for an {@code int[2]} array indexed by endpoint, or
 * {@link Field#scalar} for a single {@code int}, with its name and range (the number of values it
 * can take given the parameters; 1 when its variant is off). Nothing else in the codec changes;
 * the number of words and {@link #freeHighBits} follow from the ranges.
 *
 * <p>Encoding and decoding allocate nothing: a {@link Packer} bound to one scratch
 * {@link TcpState} resolves the field arrays once. A word is packed as the sum of each digit times
 * its place value and unpacked by dividing by each place value (multiplying by a precomputed
 * reciprocal), so the digits are computed independently rather than in one long dependent chain.
 */
final class TcpCodec {

    /**
     * A field of {@link TcpState}: its name, its range (values {@code 0 .. range-1}) and how to
     * read and write it. A per-endpoint field is two digits, A's and B's.
     */
    record Field(String name, int range, Function<TcpState, int[]> perEndpoint, ToIntFunction<TcpState> getter,
            ObjIntConsumer<TcpState> setter) {

        Field {
            if (range < 1) throw new IllegalArgumentException(name + ": range must be at least 1, got " + range);
        }

        /** An {@code int[2]} field indexed by endpoint ({@link TcpState#A}, {@link TcpState#B}). */
        static Field perEndpoint(String name, int range, Function<TcpState, int[]> array) {
            return new Field(name, range, array, null, null);
        }

        /** A single {@code int} field. */
        static Field scalar(String name, int range, ToIntFunction<TcpState> getter, ObjIntConsumer<TcpState> setter) {
            return new Field(name, range, null, getter, setter);
        }
    }

    /**
     * The fields of a state and their ranges under {@code p}, in packing order (the network is
     * packed after them). <b>To add a field, add one entry here.</b>
     */
    static List<Field> fields(TcpParameters p) {
        int seq = p.seqSpace();
        TcpParameters.Variants v = p.variants();
        return List.of(
                Field.perEndpoint("st", TcpState.LAST_ACK + 1, s -> s.st),
                Field.perEndpoint("snd", seq, s -> s.snd),
                Field.perEndpoint("rcv", seq, s -> s.rcv),
                Field.perEndpoint("una", 3, s -> s.una),
                Field.perEndpoint("tmr", p.maxTimer() + 1, s -> s.tmr),
                Field.perEndpoint("rtx", p.maxCounter() + 1, s -> s.rtx),
                Field.perEndpoint("dat", 2, s -> s.dat),
                Field.perEndpoint("inc", p.incarnations(), s -> s.inc),
                Field.perEndpoint("isnBase", v.isn() == 1 ? seq : 1, s -> s.isnBase),
                Field.perEndpoint("tsAge", v.timestamps() == 1 ? p.msl() + 2 : 1, s -> s.tsAge),
                Field.scalar("lost", p.lossBudget() + 1, s -> s.lost, (s, x) -> s.lost = x),
                Field.scalar("dups", v.duplicates() + 1, s -> s.dups, (s, x) -> s.dups = x),
                Field.scalar("passive", v.passiveReopen() == 0 ? 2 : 1, s -> s.passive, (s, x) -> s.passive = x),
                Field.scalar("failed", v.keepalive().peerFailure() != TcpParameters.FAILURE_NONE ? 2 : 1,
                        s -> s.failed, (s, x) -> s.failed = x),
                Field.scalar("cut", v.keepalive().peerFailure() == TcpParameters.FAILURE_PARTITION
                        ? Math.max(1, v.keepalive().partitionTicks()) + 1 : 1, s -> s.cut, (s, x) -> s.cut = x));
    }

    private static final int ARRAY = 0;
    private static final int SCALAR = 1;
    private static final int NET_RANK = 2;
    private static final int NET_SLOT = 3;

    private final int capacity;
    private final int codes;
    /** Per digit, in packing order. */
    private final int[] kind;
    private final long[] radix;
    /**
     * The digit's place value in its word (the product of the radices after it), so a word is the
     * sum of {@code digit * place}: the products are independent, where Horner's rule is a chain.
     */
    private final long[] place;
    /** Reciprocal of the place: {@code q = mulhi(x, magic) >>> (shift - 1)} is {@code x / place}. */
    private final long[] magic;
    private final int[] shift;
    /** Digits are ARRAY ones, then SCALAR ones from {@code firstScalar}, then the network's from {@code firstNet}. */
    private final int firstScalar;
    private final int firstNet;
    /** Endpoint e's digits are {@code endpointStart[e] .. endpointStart[e+1]-1} (all ARRAY digits). */
    private final int[] endpointStart;
    /** ARRAY: the field's array accessor and endpoint; SCALAR: accessors; NET_SLOT: the slot. */
    private final Function<TcpState, int[]>[] arrayOf;
    private final int[] index;
    private final ToIntFunction<TcpState>[] getter;
    private final ObjIntConsumer<TcpState>[] setter;
    private final String[] name;
    /** Digits of word w are {@code wordStart[w] .. wordStart[w+1]-1}. */
    private final int[] wordStart;
    private final int words;
    private final int freeHighBits;
    /** {@code binom[k][b] = C(b, k)} for {@code k = 1..capacity}, {@code b < codes + capacity}; or null. */
    private final long[][] binom;
    /** {@code factorial[k] = k!} for {@code k <= capacity}. */
    private final double[] factorial;

    @SuppressWarnings("unchecked")
    TcpCodec(TcpParameters p, int segmentCodes) {
        this(p, segmentCodes, fields(p));
    }

    @SuppressWarnings("unchecked")
    TcpCodec(TcpParameters p, int segmentCodes, List<Field> fields) {
        capacity = p.capacity();
        codes = segmentCodes;
        List<Object[]> digits = new ArrayList<>(); // {kind, radix, accessor, index, name}
        for (int e = 0; e < 2; e++) {
            for (Field f : fields) {
                if (f.perEndpoint() != null && f.range() > 1) {
                    digits.add(new Object[] {ARRAY, (long) f.range(), f, e, f.name() + (e == 0 ? "[A]" : "[B]")});
                }
            }
        }
        for (Field f : fields) {
            if (f.perEndpoint() == null && f.range() > 1) digits.add(new Object[] {SCALAR, (long) f.range(), f, 0, f.name()});
        }
        factorial = new double[capacity + 1];
        factorial[0] = 1;
        for (int k = 1; k <= capacity; k++) factorial[k] = factorial[k - 1] * k;
        BigInteger multisets = binomial(codes + capacity, capacity);
        boolean ranked = p.variants().reorder() == 1 && capacity > 1
                && multisets.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) <= 0;
        if (ranked) {
            digits.add(new Object[] {NET_RANK, multisets.longValueExact(), null, 0, "net"});
            binom = new long[capacity + 1][codes + capacity];
            for (int k = 1; k <= capacity; k++) {
                for (int b = 0; b < codes + capacity; b++) binom[k][b] = binomial(b, k).longValueExact();
            }
        } else {
            binom = null;
            for (int i = 0; i < capacity; i++) digits.add(new Object[] {NET_SLOT, (long) codes + 1, null, i, "net[" + i + "]"});
        }

        int n = digits.size();
        kind = new int[n];
        radix = new long[n];
        place = new long[n];
        magic = new long[n];
        shift = new int[n];
        arrayOf = new Function[n];
        index = new int[n];
        getter = new ToIntFunction[n];
        setter = new ObjIntConsumer[n];
        name = new String[n];
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        long product = 1;
        for (int d = 0; d < n; d++) {
            Object[] x = digits.get(d);
            kind[d] = (Integer) x[0];
            long r = (Long) x[1];
            radix[d] = r;
            Field f = (Field) x[2];
            if (f != null) {
                arrayOf[d] = f.perEndpoint();
                getter[d] = f.getter();
                setter[d] = f.setter();
            }
            index[d] = (Integer) x[3];
            name[d] = (String) x[4];
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
        int scalars = 0;
        while (scalars < n && kind[scalars] == ARRAY) scalars++;
        int nets = scalars;
        while (nets < n && kind[nets] == SCALAR) nets++;
        firstScalar = scalars;
        firstNet = nets;
        int bStart = 0;
        while (bStart < scalars && index[bStart] == 0) bStart++;
        endpointStart = new int[] {0, bStart, scalars};
    }

    private static BigInteger binomial(int n, int k) {
        if (k < 0 || k > n) return BigInteger.ZERO;
        BigInteger r = BigInteger.ONE;
        for (int i = 1; i <= k; i++) r = r.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
        return r;
    }

    int words() {
        return words;
    }

    /** High-order bits of the last word that are zero in every packed state. */
    int freeHighBits() {
        return freeHighBits;
    }

    /** The digits and their ranges, word by word (for tests and diagnostics). */
    String layout() {
        StringBuilder b = new StringBuilder();
        for (int w = 0; w < words; w++) {
            b.append("word ").append(w).append(':');
            for (int d = wordStart[w]; d < wordStart[w + 1]; d++) b.append(' ').append(name[d]).append('/').append(radix[d]);
            b.append('\n');
        }
        return b.toString();
    }

    /** A packer bound to {@code s}: encodes and decodes {@code s} without allocating. */
    Packer packer(TcpState s) {
        return new Packer(s);
    }

    void encode(TcpState s, long[] out) {
        new Packer(s).encode(out);
    }

    void decode(long[] in, int offset, TcpState s) {
        new Packer(s).decode(in, offset);
    }

    /** {@code floor(x / place[d])} for {@code 0 <= x < 2^63}. */
    private long quotient(long x, int d) {
        if (place[d] == 1) return x;
        long m = magic[d];
        long hi = Math.multiplyHigh(x, m) + (m < 0 ? x : 0); // unsigned high word, x >= 0
        return hi >>> (shift[d] - 1);
    }

    /** Encodes and decodes one {@link TcpState}; one per scratch state (and so per thread). */
    final class Packer {
        private final TcpState s;
        private final int[][] arrays;
        private final int[] scratch;
        /** {@code endpointPart[e][w]}: endpoint e's share of word w at the last encode or decode. */
        private final long[][] endpointPart;

        Packer(TcpState s) {
            this.s = s;
            scratch = new int[capacity];
            endpointPart = new long[2][words];
            arrays = new int[kind.length][];
            for (int d = 0; d < kind.length; d++) {
                if (kind[d] == ARRAY) arrays[d] = arrayOf[d].apply(s);
            }
        }

        void encode(long[] out) {
            encode(out, 3, this);
        }

        /**
         * Encodes the state, recomputing the digits of the endpoints in {@code changed} (bit e for
         * endpoint e) and taking the others from {@code unchanged}'s last encode or decode: an
         * action changes at most one endpoint, except for a tick.
         */
        void encode(long[] out, int changed, Packer unchanged) {
            if ((changed & 1) != 0) encodeEndpoint(0);
            if ((changed & 2) != 0) encodeEndpoint(1);
            long[] a = ((changed & 1) != 0 ? this : unchanged).endpointPart[0];
            long[] b = ((changed & 2) != 0 ? this : unchanged).endpointPart[1];
            for (int w = 0; w < words; w++) {
                long x = a[w] + b[w];
                int end = wordStart[w + 1];
                int d = Math.max(wordStart[w], firstScalar);
                for (; d < end && d < firstNet; d++) x += check(getter[d].applyAsInt(s), d) * place[d];
                for (; d < end; d++) {
                    long v = kind[d] == NET_RANK ? rank() : index[d] < s.size ? s.net[index[d]] + 1 : 0;
                    x += check(v, d) * place[d];
                }
                out[w] = x;
            }
        }

        /** Endpoint e's share of each word: the sum of its digits times their place values. */
        private void encodeEndpoint(int e) {
            long[] part = endpointPart[e];
            int from = endpointStart[e];
            int to = endpointStart[e + 1];
            for (int w = 0; w < words; w++) {
                long x = 0;
                for (int d = Math.max(wordStart[w], from), end = Math.min(wordStart[w + 1], to); d < end; d++) {
                    x += check(arrays[d][e], d) * place[d];
                }
                part[w] = x;
            }
        }

        private long check(long v, int d) {
            assert v >= 0 && v < radix[d] : name[d] + " = " + v + " out of range " + radix[d];
            return v;
        }

        /** Digit d is {@code x / place[d] - radix[d] * (x / place[d-1])}: each quotient independent of the others. */
        void decode(long[] in, int offset) {
            s.size = 0;
            for (int w = 0; w < words; w++) {
                long x = in[offset + w];
                int start = wordStart[w];
                int end = wordStart[w + 1];
                long above = 0; // x / place[d - 1], 0 for the first digit of the word
                for (int e = 0; e < 2; e++) {
                    long part = 0;
                    for (int d = Math.max(start, endpointStart[e]), last = Math.min(end, endpointStart[e + 1]); d < last; d++) {
                        long q = quotient(x, d);
                        long v = q - above * radix[d];
                        above = q;
                        arrays[d][e] = (int) v;
                        part += v * place[d];
                    }
                    endpointPart[e][w] = part;
                }
                for (int d = Math.max(start, firstScalar); d < end; d++) {
                    long q = quotient(x, d);
                    long v = q - above * radix[d];
                    above = q;
                    if (d < firstNet) {
                        setter[d].accept(s, (int) v);
                    } else if (kind[d] == NET_RANK) {
                        unrank(v);
                    } else if (v != 0) {
                        s.net[index[d]] = (int) v - 1;
                        s.size++;
                    }
                }
            }
        }

        /** The rank of the sorted network among multisets of at most {@code capacity} codes. */
        private long rank() {
            int size = s.size;
            int[] net = s.net;
            for (int j = 1; j < size; j++) {
                if (net[j - 1] > net[j]) {
                    net = sorted(net, size);
                    break;
                }
            }
            int pad = capacity - size;
            long r = 0;
            for (int j = 0; j < size; j++) {
                int i = pad + j;
                r += binom[i + 1][net[j] + 1 + i];
            }
            return r;
        }

        /** The first {@code size} codes of {@code net} sorted, in scratch space (a multiset has no order). */
        private int[] sorted(int[] net, int size) {
            int[] a = scratch;
            for (int i = 0; i < size; i++) {
                int v = net[i];
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

        private void unrank(long r) {
            int[] net = s.net;
            int i = capacity - 1;
            int top = codes + i; // b_i < b_(i+1): each search is below the previous one's result
            for (; i >= 0; i--, top--) {
                long[] row = binom[i + 1];
                // the largest b with C(b, i+1) <= r; b = i means a padding value (0)
                int lo = largestAtMost(row, i + 1, r, i, top);
                if (lo == i) break;
                r -= row[lo];
                net[i] = lo - i - 1;
                top = lo;
            }
            int pad = i + 1;
            int size = capacity - pad;
            if (pad > 0) System.arraycopy(net, pad, net, 0, size);
            s.size = size;
        }
    }
}
