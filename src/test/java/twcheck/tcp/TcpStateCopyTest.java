package twcheck.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * TcpState's copies are written out field by field for speed; this holds them to the codec's
 * field table, the one list of a state's fields: a field added to the table and forgotten in a
 * copy fails here.
 */
class TcpStateCopyTest {
    private static final TcpParameters P = TcpParameters.parseConfig("6/3/4/3/3/5/3/8").with("timestamps", 1)
            .with("isn", 1).with("duplicates", 2).with("peerFailure", 3).with("partitionTicks", 4)
            .with("passiveReopen", 0).with("keepalive", 1);

    /** 1..range-1, cycling with {@code i}; 0 only for a field that can hold nothing else. */
    private static int nonZero(int i, int range) {
        return range == 1 ? 0 : 1 + i % (range - 1);
    }

    @Test
    void everyFieldOfTheTableIsCopied() {
        TcpState source = new TcpState(P.capacity());
        int value = 0;
        int nonZero = 0;
        for (TcpCodec.Field f : TcpCodec.fields(P)) {
            // a value other than 0 wherever the field can hold one: a copy left out then shows
            if (f.perEndpoint() != null) {
                f.perEndpoint().apply(source)[TcpState.A] = nonZero(value++, f.range());
                f.perEndpoint().apply(source)[TcpState.B] = nonZero(value++, f.range());
            } else {
                f.setter().accept(source, nonZero(value++, f.range()));
            }
            if (f.range() > 1) nonZero++;
        }
        assertEquals(TcpCodec.fields(P).size(), nonZero, "every field of this configuration can hold more than 0");
        TcpState whole = new TcpState(P.capacity());
        whole.copyFrom(source);
        TcpState onlyB = new TcpState(P.capacity());
        onlyB.copyEndpoint(source, TcpState.B);
        TcpState shared = new TcpState(P.capacity());
        shared.copyShared(source);
        for (TcpCodec.Field f : TcpCodec.fields(P)) {
            if (f.perEndpoint() != null) {
                for (int e = TcpState.A; e <= TcpState.B; e++) {
                    int want = f.perEndpoint().apply(source)[e];
                    assertEquals(want, f.perEndpoint().apply(whole)[e], f.name() + "[" + e + "] by copyFrom");
                    assertEquals(e == TcpState.B ? want : 0, f.perEndpoint().apply(onlyB)[e], f.name() + "[" + e + "] by copyEndpoint(B)");
                    assertEquals(0, f.perEndpoint().apply(shared)[e], f.name() + "[" + e + "] is not shared");
                }
            } else {
                assertEquals(f.getter().applyAsInt(source), f.getter().applyAsInt(whole), f.name() + " by copyFrom");
                assertEquals(f.getter().applyAsInt(source), f.getter().applyAsInt(shared), f.name() + " by copyShared");
                assertEquals(0, f.getter().applyAsInt(onlyB), f.name() + " is not an endpoint's");
            }
        }
    }
}
