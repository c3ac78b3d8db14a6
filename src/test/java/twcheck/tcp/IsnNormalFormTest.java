package twcheck.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static twcheck.tcp.Segments.ACK;
import static twcheck.tcp.Segments.SYN;
import static twcheck.tcp.TcpState.A;
import static twcheck.tcp.TcpState.B;
import static twcheck.tcp.TcpState.CLOSED;
import static twcheck.tcp.TcpState.ESTABLISHED;
import static twcheck.tcp.TcpState.FIN_WAIT_2;
import static twcheck.tcp.TcpState.LAST_ACK;
import static twcheck.tcp.TcpState.LISTEN;
import static twcheck.tcp.TcpState.SYN_SENT;
import static twcheck.tcp.TcpState.TIME_WAIT;

import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import twcheck.engine.SearchOptions;
import twcheck.engine.Successors;
import twcheck.engine.TransitionSystem;
import twcheck.check.CheckResult;
import twcheck.check.Verifier;
import twcheck.model.PropertyResult;
import twcheck.spec.ModelFiles;
import twcheck.spec.ModelSpec;

/**
 * Variant isn = clock: {@code isnBase} is part of a state only where a later rule can read it
 * (A's Open from CLOSED, B's SynAtListen in LISTEN), as R0's normal form keeps other fields at 0
 * where they carry no information. The model before this normal form, which kept {@code isnBase}
 * in every state, is rebuilt here ({@link Unnormalised}) from the model itself: the state carries
 * the old {@code isnBase} alongside, the generator runs on the state with the old values, and the
 * old rule (every reset stores {@code snd_nxt}) computes the successor's. On the reachable states
 * of several clock-ISN configurations: every old state behaves as its normal form (the same
 * actions, labels and successors up to the normal form), the reachable states are exactly the old
 * ones in normal form, none of them stores an information-free {@code isnBase}, and verdicts,
 * shortest counterexamples and depth are those of the old model.
 */
class IsnNormalFormTest extends TcpModelFixture {

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of("models/clock-isn.tw", List.of()),
                Arguments.of("models/a-closes-first-clock-isn.tw", List.of()),
                Arguments.of("models/rfc-assumptions.tw", List.of()),
                Arguments.of("models/clock-isn.tw", List.of("seqSpace=6")),
                Arguments.of("models/rfc-assumptions.tw", List.of("seqSpace=6")),
                Arguments.of("models/clock-isn.tw", List.of("incarnations=3")),
                Arguments.of("models/clock-isn.tw", List.of("passiveReopen=0")),
                Arguments.of("models/rfc-assumptions.tw", List.of("timestamps=1", "twReuse=1")),
                Arguments.of("models/clock-isn.tw", List.of("twOverflow=1", "abort=both")),
                Arguments.of("models/clock-isn.tw", List.of("peerFailure=crash")),
                Arguments.of("models/clock-isn.tw", List.of("peerFailure=reboot")));
    }

    // ------------------------------------------------------------------------------------------
    // The normal form, stated on its own, and the model before it
    // ------------------------------------------------------------------------------------------

    /**
     * Whether E's isnBase can still be read: only by E's next opening, from its closed state; A
     * opens only below the last incarnation and not after a passive close (passiveReopen = 0); B
     * opens on a SYN, and only A sends SYNs (Open, or a retransmission from SYN_SENT).
     */
    static boolean informative(TcpParameters p, TcpState s, int e) {
        boolean aOpens = s.inc[A] < p.incarnations() - 1 && s.passive == 0;
        if (e == A) return s.st[A] == CLOSED && aOpens;
        if (s.st[B] != LISTEN) return false;
        if (s.failed == 1 && p.variants().keepalive().peerFailure() == TcpParameters.FAILURE_CRASH) return false;
        boolean synInFlight = false;
        Segments sg = new Segments(p);
        for (int i = 0; i < s.size; i++) synInFlight |= sg.kind(s.net[i]) == SYN;
        return aOpens || s.st[A] == SYN_SENT || synInFlight;
    }

    /** The state with every information-free isnBase set to 0. */
    static TcpState normalForm(TcpParameters p, TcpState s) {
        TcpState n = new TcpState(p.capacity());
        n.copyFrom(s);
        for (int e = A; e <= B; e++) {
            if (!informative(p, s, e)) n.isnBase[e] = 0;
        }
        return n;
    }

    /**
     * The model as it was before the normal form: isnBase kept in every state, and every reset(E)
     * storing E's snd_nxt. A state is the model's words with both isnBase at 0, then one word
     * holding the old isnBase of A and B; successors are the model's, generated from the state
     * with the old isnBase (which Open and SynAtListen read), with the old isnBase carried along.
     */
    static final class Unnormalised implements TransitionSystem {
        final TcpModel model;
        final int words;
        final int seq;

        Unnormalised(TcpModel model) {
            this.model = model;
            this.words = model.stateWords();
            this.seq = model.parameters().seqSpace();
        }

        /** The old state, decoded. */
        TcpState decode(long[] state, int offset) {
            TcpState s = model.decode(state, offset);
            long old = state[offset + words];
            s.isnBase[A] = (int) (old / seq);
            s.isnBase[B] = (int) (old % seq);
            return s;
        }

        long[] encode(TcpState s) {
            TcpState t = new TcpState(model.parameters().capacity());
            t.copyFrom(s);
            t.isnBase[A] = t.isnBase[B] = 0;
            long[] out = Arrays.copyOf(model.encode(t), words + 1);
            out[words] = (long) s.isnBase[A] * seq + s.isnBase[B];
            return out;
        }

        /** The old rule: a reset (into the closed state, or B's crash or reboot) stores snd_nxt. */
        TcpState oldSuccessor(TcpState before, TcpState after) {
            TcpParameters.Keepalive k = model.parameters().variants().keepalive();
            boolean bLost = before.failed == 0 && after.failed == 1
                    && (k.peerFailure() == TcpParameters.FAILURE_CRASH || k.peerFailure() == TcpParameters.FAILURE_REBOOT);
            TcpState t = new TcpState(model.parameters().capacity());
            t.copyFrom(after);
            for (int e = A; e <= B; e++) {
                int closed = TcpState.closedState(e);
                boolean reset = after.st[e] == closed && (before.st[e] != closed || (e == B && bLost));
                t.isnBase[e] = reset ? before.snd[e] : before.isnBase[e];
            }
            return t;
        }

        @Override
        public int stateWords() {
            return words + 1;
        }

        @Override
        public List<String> labelNames() {
            return model.labelNames();
        }

        @Override
        public Successors newSuccessors() {
            Successors inner = model.newSuccessors();
            return new Successors() {
                @Override
                public void initialStates(Sink sink) {
                    sink.accept(0, encode(model.initialState()), 0);
                }

                @Override
                public void successors(long[] state, int offset, Sink sink) {
                    TcpState before = decode(state, offset);
                    inner.successors(model.encode(before), 0, (action, next, labels) ->
                            sink.accept(action, encode(oldSuccessor(before, model.decode(next, 0))), labels));
                }
            };
        }

        @Override
        public boolean isIntendedEnd(long[] state, int offset) {
            return model.isIntendedEnd(state, offset);
        }

        @Override
        public String describeAction(long[] state, int action) {
            return model.describeAction(model.encode(decode(state, 0)), action);
        }

        @Override
        public Object view(long[] state) {
            return model.view(model.encode(decode(state, 0)));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Reachable states
    // ------------------------------------------------------------------------------------------

    /** The reachable states of {@code system} and their breadth-first distances, in the order found. */
    static Map<LongBuffer, Integer> reachable(TransitionSystem system) {
        Map<LongBuffer, Integer> distance = new LinkedHashMap<>();
        ArrayDeque<long[]> queue = new ArrayDeque<>();
        Successors gen = system.newSuccessors();
        gen.initialStates((a, next, l) -> {
            if (distance.putIfAbsent(LongBuffer.wrap(next.clone()), 0) == null) queue.add(next.clone());
        });
        while (!queue.isEmpty()) {
            long[] s = queue.poll();
            int d = distance.get(LongBuffer.wrap(s));
            gen.successors(s, 0, (a, next, l) -> {
                if (distance.putIfAbsent(LongBuffer.wrap(next.clone()), d + 1) == null) queue.add(next.clone());
            });
        }
        return distance;
    }

    record Edge(int action, long labels, LongBuffer target) {}

    static List<Edge> edges(Successors gen, long[] state, java.util.function.UnaryOperator<long[]> map) {
        List<Edge> out = new ArrayList<>();
        gen.successors(state, 0, (a, next, l) -> out.add(new Edge(a, l, LongBuffer.wrap(map.apply(next.clone())))));
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configurations")
    void theReachableStatesAreTheOldOnesInNormalFormAndBehaveAlike(String file, List<String> overrides) {
        TcpParameters p = TcpParameters.of(ModelFiles.read(Path.of(file), overrides).parameters());
        assertEquals(1, p.variants().isn());
        use(p);
        TcpModel model = m;
        Unnormalised old = new Unnormalised(model);
        java.util.function.UnaryOperator<long[]> normal = o -> model.encode(normalForm(p, old.decode(o, 0)));

        Map<LongBuffer, Integer> oldStates = reachable(old);
        Map<LongBuffer, Integer> newStates = reachable(model);

        // Every old state behaves exactly as its normal form: same actions (ISNs included), labels,
        // and successors up to the normal form. So nothing cleared was ever read.
        Successors oldGen = old.newSuccessors();
        Successors newGen = model.newSuccessors();
        Set<LongBuffer> image = new HashSet<>();
        for (LongBuffer s : oldStates.keySet()) {
            long[] o = s.array();
            long[] n = normal.apply(o);
            image.add(LongBuffer.wrap(n));
            List<Edge> want = edges(oldGen, o, normal);
            List<Edge> got = edges(newGen, n, x -> x);
            assertEquals(want, got, () -> "successors of\n" + show(old.decode(o, 0)));
        }
        assertEquals(image, newStates.keySet(), "the reachable states are the old ones in normal form");

        // No two reachable states differ only in an information-free isnBase: each is its own normal form.
        Map<LongBuffer, LongBuffer> byNormalForm = new HashMap<>();
        for (LongBuffer s : newStates.keySet()) {
            long[] n = model.encode(normalForm(p, model.decode(s.array(), 0)));
            assertEquals(s, LongBuffer.wrap(n), () -> "an information-free isnBase is stored:\n" + show(model.decode(s.array(), 0)));
            assertNull(byNormalForm.put(LongBuffer.wrap(n), s));
        }
        assertTrue(oldStates.size() > newStates.size(), oldStates.size() + " old states, " + newStates.size() + " new");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configurations")
    void verdictsShortestRunsAndDepthAreTheOldModels(String file, List<String> overrides) {
        ModelSpec spec = ModelFiles.read(Path.of(file), overrides);
        TcpModel model = new TcpModel(TcpParameters.of(spec.parameters()));
        CheckResult now = Verifier.check(model, spec.properties(), TcpProperties.WITNESSES,
                SearchOptions.exhaustive(), false, TcpLiveness.setup(model, spec.fairness()), spec.instantiate());
        CheckResult before = Verifier.check(new Unnormalised(model), spec.properties(), TcpProperties.WITNESSES,
                SearchOptions.exhaustive(), false, TcpLiveness.setup(model, spec.fairness()), spec.instantiate());
        assertTrue(now.complete() && before.complete());
        assertEquals(summary(before.properties()), summary(now.properties()));
        assertEquals(summary(before.witnesses()), summary(now.witnesses()));
        assertEquals(before.search().depth(), now.search().depth(), "depth");
        assertEquals(before.search().firstDeadlockLength(), now.search().firstDeadlockLength());
        assertTrue(before.search().distinctStates() > now.search().distinctStates());
    }

    // ------------------------------------------------------------------------------------------
    // The rules, one transition each (seqSpace 5, 2 incarnations)
    // ------------------------------------------------------------------------------------------

    void useClock(String... switches) {
        TcpParameters p = TcpParameters.parseConfig("5/2/3/1/2/3/2/4").with("isn", 1);
        for (String sw : switches) p = p.with(sw.substring(0, sw.indexOf('=')), Integer.parseInt(sw.substring(sw.indexOf('=') + 1)));
        use(p);
    }

    void assertStep(TcpState want, TcpState from, String action) {
        TcpState w = copy(want);
        Arrays.sort(w.net, 0, w.size);
        assertEquals(show(w), show(step(from, action).next()), action);
    }

    @Test
    void aResetStoresSndNxtOnlyIfAMayOpenAgain() {
        useClock();
        TcpState s = state();
        ep(s, A, TIME_WAIT, 2, 3, 0, 0, 0, 0, 0);
        ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
        TcpState want = copy(s);
        ep(want, A, CLOSED, 0, 0, 0, 0, 0, 0, 0);
        want.isnBase[A] = 2; // incarnation 0: A may open incarnation 1 with ISN 2
        assertStep(want, s, timeout(A));

        s.inc[A] = s.inc[B] = want.inc[B] = 1;
        want.inc[A] = 1;
        want.isnBase[A] = 0; // the last incarnation: A opens no more
        assertStep(want, s, timeout(A));

        useClock("passiveReopen=0");
        TcpState t = state();
        ep(t, A, LAST_ACK, 3, 2, 1, 2, 0, 0, 0);
        ep(t, B, TIME_WAIT, 2, 3, 0, 2, 0, 0, 0);
        int ack = seg(B, ACK, 2, 3, 0, 0);
        with(t, ack);
        TcpState w = copy(t);
        ep(w, A, CLOSED, 0, 0, 0, 0, 0, 0, 0);
        w.passive = 1; // a passive close: A does not reopen, isnBase stays 0
        setNet(w);
        assertStep(w, t, deliver(ack));
    }

    @Test
    void bKeepsItsNextIsnOnlyWhileASynMayStillReachIt() {
        useClock();
        // A in its last incarnation, established: no SYN will ever come.
        TcpState s = state();
        ep(s, A, FIN_WAIT_2, 3, 2, 0, 0, 0, 0, 1);
        ep(s, B, LAST_ACK, 2, 3, 1, 2, 0, 0, 1);
        int ack = seg(A, ACK, 3, 2, 1, 0);
        with(s, ack);
        TcpState want = copy(s);
        ep(want, B, LISTEN, 0, 0, 0, 0, 0, 0, 1);
        setNet(want);
        assertStep(want, s, deliver(ack));

        // ... but an old SYN is still in flight: B may yet accept it with ISN 2.
        int syn = seg(A, SYN, 4, 0, 1, 1);
        with(s, syn);
        want.isnBase[B] = 2;
        setNet(want, syn);
        assertStep(want, s, deliver(ack));

        // Losing that SYN, an action of neither endpoint, ends what isnBase[B] could tell.
        TcpState lost = copy(want);
        setNet(lost);
        lost.isnBase[B] = 0;
        lost.lost = 1;
        assertStep(lost, want, lose(syn));

        // A's SYN_SENT giving up in the last incarnation does too.
        TcpState u = state();
        ep(u, A, SYN_SENT, 1, 0, 1, 0, 2, 0, 1);
        ep(u, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
        u.isnBase[B] = 3;
        TcpState v = copy(u);
        ep(v, A, CLOSED, 0, 0, 0, 0, 0, 0, 1);
        v.isnBase[B] = 0;
        assertStep(v, u, timeout(A));

        // A crashed B accepts nothing.
        useClock("peerFailure=1"); // crash
        TcpState c = state();
        ep(c, A, ESTABLISHED, 2, 3, 0, 0, 0, 0, 0);
        ep(c, B, ESTABLISHED, 3, 2, 0, 0, 0, 0, 0);
        TcpState d = copy(c);
        ep(d, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
        d.failed = 1;
        assertStep(d, c, "Fail(B: crash)");
    }

    static List<String> summary(List<PropertyResult> results) {
        return results.stream().map(r -> r.property().name() + " " + r.verdict()
                + (r.counterexample() == null ? "" : " " + r.counterexample().length() + (r.lasso() ? " lasso" : "")))
                .toList();
    }
}
