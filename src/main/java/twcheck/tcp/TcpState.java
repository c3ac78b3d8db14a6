package twcheck.tcp;

/**
 * A decoded R0 state, mutable, used as scratch space while generating successors. Endpoint fields
 * are indexed by endpoint ({@link #A} or {@link #B}); {@code net} holds segment codes (see
 * {@link Segments}) in its first {@code size} slots, sorted ascending once canonical.
 */
public final class TcpState {
    public static final int A = 0;
    public static final int B = 1;

    public static final int CLOSED = 0;
    public static final int LISTEN = 1;
    public static final int SYN_SENT = 2;
    public static final int SYN_RCVD = 3;
    public static final int ESTABLISHED = 4;
    public static final int FIN_WAIT_1 = 5;
    public static final int FIN_WAIT_2 = 6;
    public static final int CLOSING = 7;
    public static final int TIME_WAIT = 8;
    public static final int CLOSE_WAIT = 9;
    public static final int LAST_ACK = 10;

    static final String[] STATE_NAMES = {
        "CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2",
        "CLOSING", "TIME_WAIT", "CLOSE_WAIT", "LAST_ACK"
    };

    public final int[] st = new int[2];
    public final int[] snd = new int[2];
    public final int[] rcv = new int[2];
    public final int[] una = new int[2];
    public final int[] tmr = new int[2];
    public final int[] rtx = new int[2];
    public final int[] dat = new int[2];
    public final int[] inc = new int[2];
    /** Variant isn=clock: the first sequence number the endpoint's next incarnation may use (0 where unread). */
    public final int[] isnBase = new int[2];
    /** Variant timestamps: ticks since the peer's TSval held in ts_recent was stamped (see TcpModel). */
    public final int[] tsAge = new int[2];
    public final int[] net;
    public int size;
    public int lost;
    /** Variant duplicates: segments duplicated so far. */
    public int dups;
    /** Variant passiveReopen = 0: 1 while A's last close was a passive one (A may not reopen). */
    public int passive;
    /** Variant peerFailure: 1 once B has failed (crashed, rebooted, or been cut off). */
    public int failed;
    /** Variant partition: ticks until the partition heals (or 1 for ever, when it never heals); 0 = none. */
    public int cut;

    public TcpState(int capacity) {
        net = new int[capacity];
    }

    public static String stateName(int state) {
        return STATE_NAMES[state];
    }

    public static int stateNamed(String name) {
        for (int i = 0; i < STATE_NAMES.length; i++) {
            if (STATE_NAMES[i].equals(name)) return i;
        }
        return -1;
    }

    public static int peer(int endpoint) {
        return 1 - endpoint;
    }

    public static int closedState(int endpoint) {
        return endpoint == A ? CLOSED : LISTEN;
    }

    public void copyFrom(TcpState o) {
        copyEndpoint(o, A);
        copyEndpoint(o, B);
        copyShared(o);
    }

    /** Copies endpoint e's fields from {@code o}. */
    void copyEndpoint(TcpState o, int e) {
        st[e] = o.st[e];
        snd[e] = o.snd[e];
        rcv[e] = o.rcv[e];
        una[e] = o.una[e];
        tmr[e] = o.tmr[e];
        rtx[e] = o.rtx[e];
        dat[e] = o.dat[e];
        inc[e] = o.inc[e];
        isnBase[e] = o.isnBase[e];
        tsAge[e] = o.tsAge[e];
    }

    /** Copies everything but the endpoints' fields from {@code o}. */
    void copyShared(TcpState o) {
        System.arraycopy(o.net, 0, net, 0, o.size);
        size = o.size;
        lost = o.lost;
        dups = o.dups;
        failed = o.failed;
        passive = o.passive;
        cut = o.cut;
    }

    /** The timer runs while something is unacknowledged, and in TIME_WAIT. */
    public boolean armed(int e) {
        return una[e] > 0 || st[e] == TIME_WAIT;
    }

    /** {@code reset(E)}: back to the closed state of E, keeping only the ghost incarnation. */
    void reset(int e) {
        st[e] = closedState(e);
        snd[e] = rcv[e] = una[e] = tmr[e] = rtx[e] = dat[e] = 0;
    }

    void removeSegment(int slot) {
        System.arraycopy(net, slot + 1, net, slot, size - slot - 1);
        size--;
    }

    void addSegment(int code) {
        net[size++] = code;
    }

    void insertSegment(int slot, int code) {
        System.arraycopy(net, slot, net, slot + 1, size - slot);
        net[slot] = code;
        size++;
    }

    /**
     * FIFO networks keep each direction in sending order: A's segments first, then B's, each in
     * the order sent. {@code firstOfB} is the smallest code sent by B.
     */
    void canonicalizeFifo(int firstOfB) {
        for (int i = 1; i < size; i++) {
            int v = net[i];
            int j = i - 1;
            while (j >= 0 && net[j] >= firstOfB && v < firstOfB) {
                net[j + 1] = net[j];
                j--;
            }
            net[j + 1] = v;
        }
    }

    /** Sorts the network into its canonical order (insertion sort: at most a few segments). */
    void canonicalize() {
        for (int i = 1; i < size; i++) {
            int v = net[i];
            int j = i - 1;
            while (j >= 0 && net[j] > v) {
                net[j + 1] = net[j];
                j--;
            }
            net[j + 1] = v;
        }
    }
}
