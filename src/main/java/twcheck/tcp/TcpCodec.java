package twcheck.tcp;

/**
 * Packs a {@link TcpState} into a fixed number of {@code long} words: each field gets the bits
 * its range needs, and no field straddles two words. Network slots hold {@code code + 1}, with 0
 * for an empty slot; the network is sorted, so equal multisets pack to equal words.
 */
final class TcpCodec {
    private static final int ENDPOINT_FIELDS = 10;

    private final int[] word;
    private final int[] shift;
    private final long[] mask;
    private final int words;
    private final int freeHighBits;
    private final int capacity;

    TcpCodec(TcpParameters p, int segmentCodes) {
        capacity = p.capacity();
        int seqMax = p.seqSpace() - 1;
        TcpParameters.Variants v = p.variants();
        // Fields of variants that are off get no bits, so R0 states pack as they always did.
        int[] endpointMax = {
            TcpState.LAST_ACK, seqMax, seqMax, 2, p.maxTimer(), p.maxCounter(), 1, p.incarnations() - 1,
            v.isn() == 1 ? seqMax : 0, v.timestamps() == 1 ? p.msl() + 1 : 0
        };
        TcpParameters.Keepalive k = v.keepalive();
        int fields = 2 * ENDPOINT_FIELDS + 4 + capacity;
        int[] widths = new int[fields];
        for (int e = 0; e < 2; e++) {
            for (int f = 0; f < ENDPOINT_FIELDS; f++) widths[e * ENDPOINT_FIELDS + f] = bitsFor(endpointMax[f]);
        }
        widths[2 * ENDPOINT_FIELDS] = bitsFor(p.lossBudget());
        widths[2 * ENDPOINT_FIELDS + 1] = bitsFor(v.duplicates());
        widths[2 * ENDPOINT_FIELDS + 2] = bitsFor(k.peerFailure() != TcpParameters.FAILURE_NONE ? 1 : 0);
        widths[2 * ENDPOINT_FIELDS + 3] = bitsFor(k.peerFailure() == TcpParameters.FAILURE_PARTITION
                ? Math.max(1, k.partitionTicks()) : 0);
        for (int i = 0; i < capacity; i++) widths[2 * ENDPOINT_FIELDS + 4 + i] = bitsFor(segmentCodes);

        word = new int[fields];
        shift = new int[fields];
        mask = new long[fields];
        int w = 0;
        int used = 0;
        for (int f = 0; f < fields; f++) {
            if (used + widths[f] > 64) {
                w++;
                used = 0;
            }
            word[f] = w;
            shift[f] = used;
            mask[f] = widths[f] == 64 ? -1L : (1L << widths[f]) - 1;
            used += widths[f];
        }
        words = w + 1;
        freeHighBits = 64 - used;
    }

    private static int bitsFor(int maxValue) {
        return 32 - Integer.numberOfLeadingZeros(maxValue);
    }

    int words() {
        return words;
    }

    /** High-order bits of the last word that no field uses. */
    int freeHighBits() {
        return freeHighBits;
    }

    void encode(TcpState s, long[] out) {
        for (int i = 0; i < words; i++) out[i] = 0;
        int f = 0;
        for (int e = 0; e < 2; e++) {
            put(out, f++, s.st[e]);
            put(out, f++, s.snd[e]);
            put(out, f++, s.rcv[e]);
            put(out, f++, s.una[e]);
            put(out, f++, s.tmr[e]);
            put(out, f++, s.rtx[e]);
            put(out, f++, s.dat[e]);
            put(out, f++, s.inc[e]);
            put(out, f++, s.isnBase[e]);
            put(out, f++, s.tsAge[e]);
        }
        put(out, f++, s.lost);
        put(out, f++, s.dups);
        put(out, f++, s.failed);
        put(out, f++, s.cut);
        for (int i = 0; i < capacity; i++) put(out, f++, i < s.size ? s.net[i] + 1 : 0);
    }

    void decode(long[] in, int offset, TcpState s) {
        int f = 0;
        for (int e = 0; e < 2; e++) {
            s.st[e] = get(in, offset, f++);
            s.snd[e] = get(in, offset, f++);
            s.rcv[e] = get(in, offset, f++);
            s.una[e] = get(in, offset, f++);
            s.tmr[e] = get(in, offset, f++);
            s.rtx[e] = get(in, offset, f++);
            s.dat[e] = get(in, offset, f++);
            s.inc[e] = get(in, offset, f++);
            s.isnBase[e] = get(in, offset, f++);
            s.tsAge[e] = get(in, offset, f++);
        }
        s.lost = get(in, offset, f++);
        s.dups = get(in, offset, f++);
        s.failed = get(in, offset, f++);
        s.cut = get(in, offset, f++);
        s.size = 0;
        for (int i = 0; i < capacity; i++) {
            int v = get(in, offset, f++);
            if (v != 0) s.net[s.size++] = v - 1;
        }
    }

    private void put(long[] out, int field, int value) {
        out[word[field]] |= (value & mask[field]) << shift[field];
    }

    private int get(long[] in, int offset, int field) {
        return (int) ((in[offset + word[field]] >>> shift[field]) & mask[field]);
    }
}
