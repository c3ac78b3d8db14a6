package twcheck.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;
import java.util.function.ToIntFunction;
import twcheck.codec.MixedRadix;
import twcheck.codec.MultisetRank;

/**
 * Packs a {@link TcpState} into as few {@code long} words as possible, exactly and reversibly,
 * by mixed-radix arithmetic rather than bit fields.
 *
 * <p>Every field of the state is a <em>digit</em> with a known range {@code 0 .. range-1}, and the
 * digits are packed into words by a {@link MixedRadix} layout, in the order of {@link #fields}: a
 * word holds its digits {@code d1, d2, ..., dk} as the number
 * {@code ((d1*r2 + d2)*r3 + d3)...*rk + dk}, a new word starting whenever the product of a word's
 * ranges would reach 2<sup>63</sup>, so every word is non-negative. A field of range 1 (for
 * example the field of a design variant that is switched off) is always 0 and takes no room at all.
 *
 * <p>The network is one more digit: with {@code reorder = 1} the network is a multiset (the
 * {@code net} array is normally kept sorted ascending, but any order packs the same) of at most
 * {@code capacity} segment codes, and the digit is its {@link MultisetRank}, below
 * {@code C(N + CAP, CAP)} for {@code N} codes and capacity {@code CAP}. With {@code reorder = 0} the network is
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
 * its {@linkplain MixedRadix#place place value} and unpacked by {@linkplain MixedRadix#quotient
 * dividing} by each place value, so the digits are computed independently rather than in one long
 * dependent chain; each endpoint's share of the words is kept, so that an action that changes one
 * endpoint re-encodes only that one.
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
                Field.perEndpoint("una", p.maxUnacknowledged() + 1, s -> s.una),
                Field.perEndpoint("tmr", p.maxTimer() + 1, s -> s.tmr),
                Field.perEndpoint("rtx", p.maxCounter() + 1, s -> s.rtx),
                Field.perEndpoint("dat", p.maxDataSent() + 1, s -> s.dat),
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
    /** Per digit, in packing order. */
    private final int[] kind;
    /** Where the digits go in the words, and their place values. */
    private final MixedRadix layout;
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
    private final int words;
    /** The network's rank (reorder = 1, when it fits a word), or null for one digit per slot. */
    private final MultisetRank multiset;

    @SuppressWarnings("unchecked")
    TcpCodec(TcpParameters p, int segmentCodes) {
        this(p, segmentCodes, fields(p));
    }

    @SuppressWarnings("unchecked")
    TcpCodec(TcpParameters p, int segmentCodes, List<Field> fields) {
        capacity = p.capacity();
        int codes = segmentCodes;
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
        boolean ranked = p.variants().reorder() == 1 && capacity > 1 && MultisetRank.fits(codes, capacity);
        if (ranked) {
            multiset = new MultisetRank(codes, capacity);
            digits.add(new Object[] {NET_RANK, multiset.count(), null, 0, "net"});
        } else {
            multiset = null;
            for (int i = 0; i < capacity; i++) digits.add(new Object[] {NET_SLOT, (long) codes + 1, null, i, "net[" + i + "]"});
        }

        int n = digits.size();
        kind = new int[n];
        long[] radices = new long[n];
        arrayOf = new Function[n];
        index = new int[n];
        getter = new ToIntFunction[n];
        setter = new ObjIntConsumer[n];
        name = new String[n];
        for (int d = 0; d < n; d++) {
            Object[] x = digits.get(d);
            kind[d] = (Integer) x[0];
            radices[d] = (Long) x[1];
            Field f = (Field) x[2];
            if (f != null) {
                arrayOf[d] = f.perEndpoint();
                getter[d] = f.getter();
                setter[d] = f.setter();
            }
            index[d] = (Integer) x[3];
            name[d] = (String) x[4];
        }
        layout = new MixedRadix(radices);
        words = layout.words();
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

    int words() {
        return words;
    }

    /** High-order bits of the last word that are zero in every packed state. */
    int freeHighBits() {
        return layout.freeHighBits();
    }

    /** The digits and their ranges, word by word (for tests and diagnostics). */
    String layout() {
        return layout.describe(name);
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
            MixedRadix layout = TcpCodec.this.layout;
            for (int w = 0; w < words; w++) {
                long x = a[w] + b[w];
                int end = layout.wordStart(w + 1);
                int d = Math.max(layout.wordStart(w), firstScalar);
                for (; d < end && d < firstNet; d++) x += check(getter[d].applyAsInt(s), d) * layout.place(d);
                for (; d < end; d++) {
                    long v = kind[d] == NET_RANK ? multiset.rankAnyOrder(s.net, s.size, scratch)
                            : index[d] < s.size ? s.net[index[d]] + 1 : 0;
                    x += check(v, d) * layout.place(d);
                }
                out[w] = x;
            }
        }

        /** Endpoint e's share of each word: the sum of its digits times their place values. */
        private void encodeEndpoint(int e) {
            long[] part = endpointPart[e];
            int from = endpointStart[e];
            int to = endpointStart[e + 1];
            MixedRadix layout = TcpCodec.this.layout;
            for (int w = 0; w < words; w++) {
                long x = 0;
                for (int d = Math.max(layout.wordStart(w), from), end = Math.min(layout.wordStart(w + 1), to); d < end; d++) {
                    x += check(arrays[d][e], d) * layout.place(d);
                }
                part[w] = x;
            }
        }

        private long check(long v, int d) {
            assert v >= 0 && v < layout.radix(d) : name[d] + " = " + v + " out of range " + layout.radix(d);
            return v;
        }

        /** Digit d is {@code x / place[d] - radix[d] * (x / place[d-1])}: each quotient independent of the others. */
        void decode(long[] in, int offset) {
            s.size = 0;
            MixedRadix layout = TcpCodec.this.layout;
            for (int w = 0; w < words; w++) {
                long x = in[offset + w];
                int start = layout.wordStart(w);
                int end = layout.wordStart(w + 1);
                long above = 0; // x / place[d - 1], 0 for the first digit of the word
                for (int e = 0; e < 2; e++) {
                    long part = 0;
                    for (int d = Math.max(start, endpointStart[e]), last = Math.min(end, endpointStart[e + 1]); d < last; d++) {
                        long q = layout.quotient(x, d);
                        long v = q - above * layout.radix(d);
                        above = q;
                        arrays[d][e] = (int) v;
                        part += v * layout.place(d);
                    }
                    endpointPart[e][w] = part;
                }
                for (int d = Math.max(start, firstScalar); d < end; d++) {
                    long q = layout.quotient(x, d);
                    long v = q - above * layout.radix(d);
                    above = q;
                    if (d < firstNet) {
                        setter[d].accept(s, (int) v);
                    } else if (kind[d] == NET_RANK) {
                        s.size = multiset.unrank(v, s.net);
                    } else if (v != 0) {
                        s.net[index[d]] = (int) v - 1;
                        s.size++;
                    }
                }
            }
        }
    }
}
