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
 * {@link TcpState} resolves the field arrays once; divisions by the ranges are multiplications by
 * precomputed reciprocals.
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
    /** Reciprocal of the radix: {@code q = mulhi(x, magic) >>> (shift - 1)} is {@code x / radix}. */
    private final long[] magic;
    private final int[] shift;
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
            // s = ceil(log2 r), magic = ceil(2^(63+s) / r) < 2^64: exact for every dividend below 2^63.
            int s = 64 - Long.numberOfLeadingZeros(r - 1);
            shift[d] = s;
            BigInteger[] qr = BigInteger.ONE.shiftLeft(63 + s).divideAndRemainder(BigInteger.valueOf(r));
            BigInteger m = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
            magic[d] = m.longValue();
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

    /** {@code floor(x / radix[d])} for {@code 0 <= x < 2^63}. */
    private long quotient(long x, int d) {
        long m = magic[d];
        long hi = Math.multiplyHigh(x, m) + (m < 0 ? x : 0); // unsigned high word, x >= 0
        return hi >>> (shift[d] - 1);
    }

    /** Encodes and decodes one {@link TcpState}; one per scratch state (and so per thread). */
    final class Packer {
        private final TcpState s;
        private final int[][] arrays;
        private final int[] scratch;

        Packer(TcpState s) {
            this.s = s;
            scratch = new int[capacity];
            arrays = new int[kind.length][];
            for (int d = 0; d < kind.length; d++) {
                if (kind[d] == ARRAY) arrays[d] = arrayOf[d].apply(s);
            }
        }

        void encode(long[] out) {
            for (int w = 0; w < words; w++) {
                long x = 0;
                for (int d = wordStart[w], end = wordStart[w + 1]; d < end; d++) {
                    long v = switch (kind[d]) {
                        case ARRAY -> arrays[d][index[d]];
                        case SCALAR -> getter[d].applyAsInt(s);
                        case NET_RANK -> rank();
                        default -> index[d] < s.size ? s.net[index[d]] + 1 : 0;
                    };
                    assert v >= 0 && v < radix[d] : name[d] + " = " + v + " out of range " + radix[d];
                    x = x * radix[d] + v;
                }
                out[w] = x;
            }
        }

        void decode(long[] in, int offset) {
            s.size = 0;
            for (int w = 0; w < words; w++) {
                long x = in[offset + w];
                int first = wordStart[w];
                for (int d = wordStart[w + 1] - 1; d >= first; d--) {
                    long v;
                    if (d == first) {
                        v = x;
                    } else {
                        long q = quotient(x, d);
                        v = x - q * radix[d];
                        x = q;
                    }
                    switch (kind[d]) {
                        case ARRAY -> arrays[d][index[d]] = (int) v;
                        case SCALAR -> setter[d].accept(s, (int) v);
                        case NET_RANK -> unrank(v);
                        default -> {
                            if (v != 0) {
                                s.net[index[d]] = (int) v - 1;
                                s.size++;
                            }
                        }
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

        private void unrank(long r) {
            int[] net = s.net;
            int i = capacity - 1;
            for (; i >= 0; i--) {
                long[] row = binom[i + 1];
                // the largest b with C(b, i+1) <= r; b = i means a padding value (0)
                int lo = i;
                int hi = codes + i;
                while (lo < hi) {
                    int mid = (lo + hi + 1) >>> 1;
                    if (row[mid] <= r) lo = mid;
                    else hi = mid - 1;
                }
                if (lo == i) break;
                r -= row[lo];
                net[i] = lo - i - 1;
            }
            int pad = i + 1;
            int size = capacity - pad;
            if (pad > 0) System.arraycopy(net, pad, net, 0, size);
            s.size = size;
        }
    }
}
