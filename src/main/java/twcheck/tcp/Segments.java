package twcheck.tcp;

/**
 * Segments as integer codes, in the mixed radix of the reference document:
 * {@code ((((src*7 + kind)*SEQ + seq)*SEQ + ack)*INC + tag)*(MSL+1) + age}, so ascending codes
 * are the lexicographic order on (src, kind, seq, ack, tag, age).
 */
public final class Segments {
    public static final int SYN = 0;
    public static final int SYNACK = 1;
    public static final int ACK = 2;
    public static final int DATA = 3;
    public static final int FIN = 4;
    public static final int RST = 5;
    public static final int RSTACK = 6;
    public static final int KINDS = 7;

    static final String[] KIND_NAMES = {"SYN", "SYNACK", "ACK", "DATA", "FIN", "RST", "RSTACK"};

    private final int seqSpace;
    private final int incarnations;
    private final int ages;
    /**
     * The fields of every code, looked up rather than divided out on the hot path: one byte each,
     * {@code fields[code * 6 + F]} for F = src, kind, seq, ack, tag, age (a few KiB for usual
     * parameters, so it stays in cache; 1 MiB at the largest).
     */
    private final byte[] fields;

    public Segments(TcpParameters p) {
        this.seqSpace = p.seqSpace();
        this.incarnations = p.incarnations();
        this.ages = p.msl() + 1;
        int n = count();
        fields = new byte[n * 6];
        for (int c = 0; c < n; c++) {
            int x = c;
            for (int f = 5; f >= 0; f--) {
                int r = f == 5 ? ages : f == 4 ? incarnations : f >= 2 ? seqSpace : f == 1 ? KINDS : 2;
                fields[c * 6 + f] = (byte) (x % r);
                x /= r;
            }
        }
    }

    /** Number of distinct segment codes. */
    public int count() {
        return 2 * KINDS * seqSpace * seqSpace * incarnations * ages;
    }

    public int code(int src, int kind, int seq, int ack, int tag, int age) {
        return ((((src * KINDS + kind) * seqSpace + seq) * seqSpace + ack) * incarnations + tag) * ages + age;
    }

    public int src(int code) {
        return fields[code * 6];
    }

    public int kind(int code) {
        return fields[code * 6 + 1];
    }

    public int seq(int code) {
        return fields[code * 6 + 2];
    }

    public int ack(int code) {
        return fields[code * 6 + 3];
    }

    public int tag(int code) {
        return fields[code * 6 + 4];
    }

    public int age(int code) {
        return fields[code * 6 + 5];
    }

    public static String kindName(int kind) {
        return KIND_NAMES[kind];
    }

    public static int kindNamed(String name) {
        for (int i = 0; i < KIND_NAMES.length; i++) {
            if (KIND_NAMES[i].equals(name)) return i;
        }
        return -1;
    }

    /** E.g. {@code FIN B->A seq=1 ack=2 inc=0 age=1}. */
    public String describe(int code) {
        return KIND_NAMES[kind(code)] + " " + (src(code) == TcpState.A ? "A->B" : "B->A")
                + " seq=" + seq(code) + " ack=" + ack(code) + " inc=" + tag(code) + " age=" + age(code);
    }
}
