package twcheck.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The state notation of {@link TcpStates}: the view's own text parses back into the state it
 * pictures (for random valid states and for every reachable state of a few small
 * configurations), fields left out take their defaults, and a malformed text fails with a message
 * that names the bad token.
 */
class TcpStatesTest {

    static final TcpParameters R0 = TcpParameters.parseConfig("5/3/3/1/2/3/2/4");

    /** The codec's configurations, and the variants whose fields the view prints in words or not at all. */
    static final List<TcpParameters> CONFIGS = Stream.concat(TcpCodecPropertiesTest.CONFIGS.stream(), Stream.of(
            R0,
            R0.with("passiveReopen", 0),
            R0.with("keepalive", 1).with("keepaliveTime", 4).with("keepaliveProbes", 3).with("peerFailure", 1),
            R0.with("keepalive", 1).with("peerFailure", 3),
            R0.with("keepalive", 1).with("peerFailure", 3).with("partitionTicks", 5).with("passiveReopen", 0)
                    .with("duplicates", 2).with("timestamps", 1).with("isn", 1).with("reorder", 0)))
            .toList();

    /** One model per configuration, built once: building one is the slow part of a try. */
    static final List<TcpModel> MODELS = CONFIGS.stream().map(TcpModel::new).toList();

    @Provide
    Arbitrary<Integer> configs() {
        return Arbitraries.integers().between(0, CONFIGS.size() - 1);
    }

    // ------------------------------------------------------------------------------------------
    // Round trips
    // ------------------------------------------------------------------------------------------

    @Property(tries = 3000)
    void randomStatesRoundTripThroughTheirText(@ForAll("configs") int config, @ForAll long seed) {
        TcpParameters p = CONFIGS.get(config);
        TcpModel m = MODELS.get(config);
        Random r = new Random(seed);
        TcpState s = TcpCodecPropertiesTest.randomState(p, m, r, r.nextBoolean());
        assertRoundTrip(p, m, s);
    }

    @Example
    void everyReachableStateOfSmallConfigurationsRoundTrips() {
        TcpParameters small = TcpParameters.parseConfig("3/2/2/1/1/3/2/4");
        List<TcpParameters> configs = List.of(
                TcpParameters.parseConfig("3/1/2/0/1/2/1/0"),
                small,
                small.with("reorder", 0),
                small.with("timestamps", 1).with("isn", 1).with("duplicates", 1),
                small.with("passiveReopen", 0).with("abort", 3).with("finTimeout", 2),
                small.with("keepalive", 1).with("keepaliveTime", 3).with("peerFailure", 3).with("partitionTicks", 2),
                small.with("keepalive", 1).with("peerFailure", 2),
                small.with("seqSpace", 4).with("closeWaitData", 2).with("finWait2", 1),
                small.with("seqSpace", 4).with("establishedData", 1).with("lossBudget", 0),
                small.with("keepalive", 1).with("keepaliveGiveUp", 1).with("peerFailure", 1).with("keepaliveTime", 2));
        for (TcpParameters p : configs) {
            TcpModel m = new TcpModel(p);
            int seen = 0;
            for (long[] packed : reachable(m, 20_000)) {
                assertRoundTrip(p, m, m.decode(packed, 0));
                seen++;
            }
            assertTrue(seen > 100, p.config() + " " + p.variantWords() + ": only " + seen + " states");
        }
    }

    /** parse(format(s)) is s; and format(s) is the view's text, with passive / cut added only where it lacks them. */
    static void assertRoundTrip(TcpParameters p, TcpModel m, TcpState s) {
        String view = m.view(m.encode(s)).toString();
        String text = TcpStates.format(s, p);
        assertTrue(text.startsWith(view), text);
        boolean viewIsComplete = s.passive == 0 && (s.cut == 0 || TcpStates.maxCut(p) == 1);
        if (viewIsComplete) {
            assertEquals(view, text);
        }
        TcpState back = TcpStates.parse(text, p);
        assertEquals(dump(s), dump(back), text);
        assertTrue(Arrays.equals(m.encode(s), m.encode(back)), text);
    }

    /** Every public field of the state (the network up to its size), so a new field is compared too. */
    static String dump(TcpState s) {
        StringBuilder out = new StringBuilder();
        for (Field f : TcpState.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) continue;
            try {
                Object v = f.get(s);
                String value = f.getName().equals("net") ? Arrays.toString(Arrays.copyOf(s.net, s.size))
                        : v instanceof int[] a ? Arrays.toString(a) : String.valueOf(v);
                out.append(f.getName()).append('=').append(value).append(' ');
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return out.toString();
    }

    /** The states reachable from the initial state, breadth first, at most {@code limit} of them. */
    static List<long[]> reachable(TcpModel m, int limit) {
        record Key(long[] words) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && Arrays.equals(words, k.words);
            }

            @Override
            public int hashCode() {
                return Arrays.hashCode(words);
            }
        }
        Set<Key> seen = new HashSet<>();
        ArrayDeque<long[]> queue = new ArrayDeque<>();
        List<long[]> out = new java.util.ArrayList<>();
        long[] init = m.encode(m.initialState());
        seen.add(new Key(init));
        queue.add(init);
        var gen = m.newSuccessors();
        while (!queue.isEmpty() && out.size() < limit) {
            long[] s = queue.poll();
            out.add(s);
            gen.successors(s, 0, (action, next, labels) -> {
                long[] copy = Arrays.copyOf(next, m.stateWords());
                if (seen.add(new Key(copy))) queue.add(copy);
            });
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // The notation
    // ------------------------------------------------------------------------------------------

    @Example
    void theViewsTextParsesToTheStateItPictures() {
        TcpState s = TcpStates.parse("A: ESTABLISHED snd=2 rcv=3 una=0 tmr=0 rtx=0 inc=0 | B: CLOSE_WAIT snd=3 rcv=3"
                + " una=0 tmr=0 rtx=0 dat=1 inc=0 | net: {FIN A->B seq=2 ack=3 inc=0 age=1} lost=1", R0);
        assertEquals(TcpState.ESTABLISHED, s.st[TcpState.A]);
        assertEquals(2, s.snd[TcpState.A]);
        assertEquals(3, s.rcv[TcpState.A]);
        assertEquals(TcpState.CLOSE_WAIT, s.st[TcpState.B]);
        assertEquals(1, s.dat[TcpState.B]);
        assertEquals(1, s.lost);
        assertEquals(1, s.size);
        assertEquals(new Segments(R0).code(TcpState.A, Segments.FIN, 2, 3, 0, 1), s.net[0]);
    }

    @Example
    void fieldsLeftOutAreZeroAndTheNetworkIsSortedIntoCanonicalOrder() {
        TcpState full = TcpStates.parse("A: FIN_WAIT_1 snd=3 rcv=0 una=1 tmr=3 rtx=0 dat=0 inc=1 | B: LISTEN snd=0 rcv=0"
                + " una=0 tmr=0 rtx=0 inc=0 | net: {SYN B->A seq=0 ack=0 inc=0 age=0, FIN A->B seq=2 ack=0 inc=1 age=0}"
                + " lost=0", R0);
        TcpState brief = TcpStates.parse("A: FIN_WAIT_1 snd=3 una=1 tmr=3 inc=1 | B: LISTEN"
                + " | net: {SYN B->A, FIN A->B seq=2 inc=1}", R0);
        assertEquals(dump(full), dump(brief));
        assertTrue(brief.net[0] < brief.net[1], "sorted (A's segments first)");
        assertEquals(dump(TcpStates.parse("A: CLOSED | B: LISTEN | net: {}", R0)),
                dump(TcpStates.parse("A: CLOSED | B: LISTEN", R0)), "no net section: empty network");
    }

    @Example
    void variantFieldsAndWords() {
        TcpParameters p = CONFIGS.get(CONFIGS.size() - 1); // partition that heals after 5 ticks, passiveReopen 0, ...
        TcpState s = TcpStates.parse("A: TIME_WAIT tmr=2 isnBase=3 tsAge=2 | B: LISTEN tsAge=3 | net: {} dups=2"
                + " B-failed partitioned cut=4 passive=1", p);
        assertEquals(3, s.isnBase[TcpState.A]);
        assertEquals(2, s.tsAge[TcpState.A]);
        assertEquals(3, s.tsAge[TcpState.B]);
        assertEquals(2, s.dups);
        assertEquals(1, s.failed);
        assertEquals(4, s.cut);
        assertEquals(1, s.passive);
        TcpParameters forever = R0.with("keepalive", 1).with("peerFailure", 3);
        assertEquals(1, TcpStates.parse("A: ESTABLISHED | B: ESTABLISHED | net: {} B-failed partitioned", forever).cut);
    }

    @Example
    void anEndpointOrASegmentAlone() {
        TcpState s = TcpStates.parse("A: CLOSED | B: LISTEN", R0);
        assertEquals(TcpState.B, TcpStates.setEndpoint(s, "B: SYN_RCVD snd=1 rcv=2 una=1 tmr=3 inc=2", R0));
        assertEquals(TcpState.SYN_RCVD, s.st[TcpState.B]);
        assertEquals(2, s.inc[TcpState.B]);
        Segments sg = new Segments(R0);
        int x = TcpStates.segment("RSTACK B->A seq=4 ack=1 inc=2 age=2", R0);
        assertEquals(sg.code(TcpState.B, Segments.RSTACK, 4, 1, 2, 2), x);
        assertEquals("RSTACK B->A seq=4 ack=1 inc=2 age=2", sg.describe(x));
    }

    @Example
    void aMalformedTextNamesTheBadToken() {
        String[][] cases = {
            // text, the token the message must name, a word of the explanation
            {"A: ESTABLISHED snd=x | B: LISTEN", "'snd=x' (column 16)", "needs a number"},
            {"A: ESTABLISHED snd=7 | B: LISTEN", "'snd=7'", "outside 0..4"},
            {"A: ESTABLISHED snx=1 | B: LISTEN", "'snx=1'", "unknown field 'snx'"},
            {"A: ESTABLISHED snd=1 snd=2 | B: LISTEN", "'snd=2'", "given twice"},
            {"A: ESTABLISHED lost=1 | B: LISTEN", "'lost=1'", "go after net"},
            {"A: ESTABLISHD | B: LISTEN", "'ESTABLISHD'", "unknown TCP state"},
            {"B: LISTEN | A: CLOSED", "'B:'", "expected 'A:'"},
            {"A: CLOSED B: LISTEN", "'B:'", "expected name=value"},
            {"A: CLOSED |", "at the end", "expected 'B:'"},
            {"A: CLOSED | B: LISTEN | net: {FIN A-B seq=1}", "'A-B'", "direction"},
            {"A: CLOSED | B: LISTEN | net: {FINN A->B}", "'FINN'", "unknown segment kind"},
            {"A: CLOSED | B: LISTEN | net: {FIN A->B age=3}", "'age=3'", "outside 0..2"},
            {"A: CLOSED | B: LISTEN | net: {FIN A->B seq=1 ACK B->A}", "'ACK'", "separated by ','"},
            {"A: CLOSED | B: LISTEN | net: {FIN A->B", "at the end", "'}'"},
            {"A: CLOSED | B: LISTEN | net: {ACK A->B, ACK A->B, ACK A->B, ACK A->B}", "'ACK' (column 61)", "capacity"},
            {"A: CLOSED | B: LISTEN | net: {} lost=2", "'lost=2'", "lossBudget"},
            {"A: CLOSED | B: LISTEN | net: {} dups=1", "'dups=1'", "must be 0 here"},
            {"A: CLOSED | B: LISTEN | net: {} B-failed", "'B-failed'", "peerFailure"},
            {"A: CLOSED | B: LISTEN | net: {} passive=1", "'passive=1'", "passiveReopen = 0"},
            {"A: CLOSED tsAge=1 | B: LISTEN", "'tsAge=1'", "timestamps"},
            {"A: CLOSED | B: LISTEN | net: {} } ", "'}' (column 33)", "after the network come"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TcpStates.parse(c[0], R0),
                    c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains(c[2]) && e.getMessage().contains(c[0]),
                    c[0] + " gave: " + e.getMessage());
        }
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> TcpStates.segment("FIN A->B seq=1, ACK A->B", R0));
        assertTrue(one.getMessage().contains("at ','") && one.getMessage().contains("after the end"), one.getMessage());
        TcpParameters heals = CONFIGS.get(CONFIGS.size() - 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TcpStates.parse("A: CLOSED | B: LISTEN | net: {} B-failed partitioned", heals));
        assertTrue(e.getMessage().contains("'partitioned'") && e.getMessage().contains("cut=N"), e.getMessage());
    }
}
