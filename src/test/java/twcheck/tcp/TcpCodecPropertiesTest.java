package twcheck.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The mixed-radix codec: random valid states (every field within its range, the network in its
 * canonical order) round-trip exactly, different states pack to different words, the free high
 * bits of the last word are zero, and the configurations pack into the expected number of words.
 */
class TcpCodecPropertiesTest {

    /** Configurations: R0 (one word), small, FIFO, and large ones with every field switched on. */
    static final List<TcpParameters> CONFIGS = List.of(
            TcpParameters.parseConfig("4/2/3/1/2/3/2/4"),
            TcpParameters.parseConfig("4/2/3/2/2/3/2/4"),
            TcpParameters.parseConfig("3/1/2/0/1/2/1/0"),
            TcpParameters.parseConfig("3/1/1/0/0/1/0/0"),
            TcpParameters.parseConfig("4/2/3/1/2/3/2/4").with("reorder", 0),
            TcpParameters.parseConfig("6/3/4/3/3/5/3/8").with("timestamps", 1).with("isn", 1).with("duplicates", 2),
            TcpParameters.parseConfig("16/3/8/15/15/15/7/63").with("timestamps", 1).with("isn", 1)
                    .with("duplicates", 3).with("finTimeout", 15),
            TcpParameters.parseConfig("16/3/8/15/15/15/7/63").with("timestamps", 1).with("isn", 1)
                    .with("duplicates", 3).with("reorder", 0),
            TcpParameters.parseConfig("9/3/5/4/4/6/4/10").with("timestamps", 1).with("duplicates", 1),
            TcpParameters.parseConfig("5/2/3/1/2/3/2/4").with("closeWaitData", 3),
            TcpParameters.parseConfig("7/2/3/1/2/3/2/4").with("establishedData", 2).with("closeWaitData", 3));

    @Provide
    Arbitrary<TcpParameters> configs() {
        return Arbitraries.of(CONFIGS);
    }

    @Property(tries = 2000)
    void randomStatesRoundTripExactly(@ForAll("configs") TcpParameters p, @ForAll long seed) {
        TcpModel m = new TcpModel(p);
        TcpCodec codec = new TcpCodec(p, m.segments().count());
        TcpState s = randomState(p, m, new Random(seed), false);
        long[] words = m.encode(s);
        assertEquals(codec.words(), words.length);
        checkWords(codec, words);
        assertEquals(dump(s), dump(m.decode(words, 0)));
        // the packer bound to a scratch state (the hot path) agrees, also at an offset
        TcpState scratch = new TcpState(p.capacity());
        TcpCodec.Packer packer = codec.packer(scratch);
        long[] shifted = new long[words.length + 3];
        System.arraycopy(words, 0, shifted, 3, words.length);
        packer.decode(shifted, 3);
        assertEquals(dump(s), dump(scratch));
        long[] again = new long[words.length];
        packer.encode(again);
        assertArrayEquals(words, again);
    }

    @Property(tries = 2000)
    void differentStatesGiveDifferentWords(@ForAll("configs") TcpParameters p, @ForAll long seed) {
        TcpModel m = new TcpModel(p);
        Random r = new Random(seed);
        TcpState a = randomState(p, m, r, r.nextBoolean());
        TcpState b = new TcpState(p.capacity());
        b.copyFrom(a);
        mutate(p, m, b, r);
        assertEquals(dump(a).equals(dump(b)), Arrays.equals(m.encode(a), m.encode(b)), dump(a) + " vs " + dump(b));
        TcpState c = randomState(p, m, r, r.nextBoolean());
        assertEquals(dump(a).equals(dump(c)), Arrays.equals(m.encode(a), m.encode(c)), dump(a) + " vs " + dump(c));
    }

    @Example
    void extremeStatesRoundTrip() {
        for (TcpParameters p : CONFIGS) {
            TcpModel m = new TcpModel(p);
            TcpCodec codec = new TcpCodec(p, m.segments().count());
            for (boolean max : new boolean[] {false, true}) {
                for (int size = 0; size <= p.capacity(); size++) {
                    TcpState s = new TcpState(p.capacity());
                    for (TcpCodec.Field f : TcpCodec.fields(p)) {
                        int v = max ? f.range() - 1 : 0;
                        if (f.perEndpoint() != null) Arrays.fill(f.perEndpoint().apply(s), v);
                        else f.setter().accept(s, v);
                    }
                    for (int i = 0; i < size; i++) s.addSegment(max ? m.segments().count() - 1 : 0);
                    long[] words = m.encode(s);
                    checkWords(codec, words);
                    assertEquals(dump(s), dump(m.decode(words, 0)), p + " " + codec.layout());
                }
            }
        }
    }

    @Example
    void wordCounts() {
        assertEquals(1, new TcpModel(TcpParameters.parseConfig("4/2/3/1/2/3/2/4")).stateWords());
        assertEquals(1, new TcpModel(TcpParameters.parseConfig("4/2/3/2/2/3/2/4")).stateWords());
        assertEquals(1, new TcpModel(TcpParameters.parseConfig("3/2/2/1/1/3/2/4")).stateWords());
        TcpModel r0 = new TcpModel(TcpParameters.parseConfig("4/2/3/1/2/3/2/4"));
        // the product of the ranges is below 2^60, so its top 4 bits are free
        assertTrue(r0.freeHighBits() >= 4, "free high bits " + r0.freeHighBits());
        TcpParameters large = CONFIGS.get(6);
        assertTrue(new TcpModel(large).stateWords() >= 3);
        // a switched-off variant's field takes no room
        TcpParameters base = TcpParameters.parseConfig("3/2/2/1/1/3/2/4");
        TcpCodec off = new TcpCodec(base, new Segments(base).count());
        assertFalse(off.layout().contains("isnBase"), off.layout());
        assertFalse(off.layout().contains("dups"), off.layout());
    }

    private static void checkWords(TcpCodec codec, long[] words) {
        for (long w : words) assertTrue(w >= 0, "words stay below 2^63");
        int free = codec.freeHighBits();
        if (free > 0) assertEquals(0, words[words.length - 1] >>> (64 - free), "free high bits must be zero");
    }

    /** A random state with every field in its range and a canonical network. */
    static TcpState randomState(TcpParameters p, TcpModel m, Random r, boolean small) {
        TcpState s = new TcpState(p.capacity());
        for (TcpCodec.Field f : TcpCodec.fields(p)) {
            if (f.perEndpoint() != null) {
                int[] a = f.perEndpoint().apply(s);
                for (int e = 0; e < 2; e++) a[e] = value(f.range(), r, small);
            } else {
                f.setter().accept(s, value(f.range(), r, small));
            }
        }
        int size = r.nextInt(p.capacity() + 1);
        for (int i = 0; i < size; i++) s.addSegment(value(m.segments().count(), r, small));
        canonicalize(p, m, s);
        return s;
    }

    private static int value(int range, Random r, boolean small) {
        return small ? r.nextInt(Math.min(range, 2)) : r.nextInt(range);
    }

    /** Changes one field (or the network) a little, staying valid and canonical. */
    private static void mutate(TcpParameters p, TcpModel m, TcpState s, Random r) {
        List<TcpCodec.Field> fields = TcpCodec.fields(p);
        int which = r.nextInt(fields.size() + 1);
        if (which == fields.size()) {
            int codes = m.segments().count();
            if (s.size > 0 && r.nextBoolean()) {
                int slot = r.nextInt(s.size);
                if (r.nextBoolean()) s.removeSegment(slot);
                else s.net[slot] = Math.floorMod(s.net[slot] + (r.nextBoolean() ? 1 : -1), codes);
            } else if (s.size < p.capacity()) {
                s.addSegment(r.nextInt(codes));
            }
            canonicalize(p, m, s);
            return;
        }
        TcpCodec.Field f = fields.get(which);
        int step = r.nextBoolean() ? 1 : -1;
        if (f.perEndpoint() != null) {
            int[] a = f.perEndpoint().apply(s);
            int e = r.nextInt(2);
            a[e] = Math.floorMod(a[e] + step, f.range());
        } else {
            f.setter().accept(s, Math.floorMod(f.getter().applyAsInt(s) + step, f.range()));
        }
    }

    private static void canonicalize(TcpParameters p, TcpModel m, TcpState s) {
        if (p.variants().reorder() == 1) s.canonicalize();
        else s.canonicalizeFifo(m.segments().code(TcpState.B, 0, 0, 0, 0, 0));
    }

    static String dump(TcpState s) {
        return Arrays.toString(s.st) + Arrays.toString(s.snd) + Arrays.toString(s.rcv) + Arrays.toString(s.una)
                + Arrays.toString(s.tmr) + Arrays.toString(s.rtx) + Arrays.toString(s.dat) + Arrays.toString(s.inc)
                + Arrays.toString(s.isnBase) + Arrays.toString(s.tsAge) + " lost=" + s.lost + " dups=" + s.dups
                + " net=" + Arrays.toString(Arrays.copyOf(s.net, s.size));
    }
}
