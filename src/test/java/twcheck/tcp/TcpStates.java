package twcheck.tcp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * States of the TCP model written as text: the very text {@link TcpView#toString()} prints,
 * parsed back into a {@link TcpState}, so that a test can say "from this state ... gives this
 * state" in the words a trace shows. Grammar (tokens are separated by blanks; {@code | , { }}
 * are tokens of their own):
 *
 * <pre>
 * state    = "A:" endpoint "|" "B:" endpoint [ "|" "net:" "{" [ segment { "," segment } ] "}" { extra } ]
 * endpoint = STATE { field "=" N }      field   = snd | rcv | una | tmr | rtx | dat | inc | isnBase | tsAge
 * segment  = KIND ( "A->B" | "B->A" ) { sfield "=" N }                  sfield  = seq | ack | inc | age
 * extra    = "lost=" N | "dups=" N | "B-failed" | "partitioned" | "cut=" N | "passive=" N
 * </pre>
 *
 * Every field left out is 0 (so {@code dat}, printed only when not 0, and the variants' fields,
 * printed only when their variant is on, come back as the view leaves them out); each field at
 * most once, in any order. Without the net section the network is empty. {@code B-failed} is
 * {@code failed=1}; {@code partitioned} is {@code cut=1} when that is the only value a partition
 * can have (it never heals), otherwise {@code cut=N} must say how many ticks are left. The view's
 * text leaves out {@code passive} and the value of {@code cut}; {@link #format} appends them, so
 * {@code parse(format(s))} is {@code s} for every valid state, and {@code parse(view.toString())}
 * wherever the view's text is complete. Every value is checked against the parameters; a text
 * that does not parse throws {@link IllegalArgumentException} naming the bad token, its column and
 * the whole text.
 */
final class TcpStates {
    private TcpStates() {}

    static final List<String> ENDPOINT_FIELDS = List.of("snd", "rcv", "una", "tmr", "rtx", "dat", "inc", "isnBase",
            "tsAge");
    static final List<String> SEGMENT_FIELDS = List.of("seq", "ack", "inc", "age");

    /** The state this text describes under {@code p}, its network in canonical order. */
    static TcpState parse(String text, TcpParameters p) {
        Parser in = new Parser(text, p);
        TcpState s = in.state();
        in.end();
        return s;
    }

    /** One segment, e.g. {@code FIN A->B seq=2 ack=3 inc=0 age=1}, as its code. */
    static int segment(String text, TcpParameters p) {
        Parser in = new Parser(text, p);
        int code = in.segment();
        in.end();
        return code;
    }

    /**
     * Sets one endpoint of {@code s} from a text such as {@code A: ESTABLISHED snd=2 rcv=3 inc=1}
     * (every field, those left out to 0); returns the endpoint (A or B).
     */
    static int setEndpoint(TcpState s, String text, TcpParameters p) {
        Parser in = new Parser(text, p);
        int e = in.side();
        in.endpoint(s, e);
        in.end();
        return e;
    }

    /** The view's text of s, with {@code cut=N} and {@code passive=1} appended where the view leaves them out. */
    static String format(TcpState s, TcpParameters p) {
        String text = TcpView.of(s, segments(p), p).toString();
        if (s.cut > 0 && maxCut(p) > 1) text += " cut=" + s.cut;
        if (s.passive > 0) text += " passive=" + s.passive;
        return text;
    }

    private static final java.util.Map<TcpParameters, Segments> SEGMENTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The segment codes under p (a table, so built once per configuration). */
    static Segments segments(TcpParameters p) {
        return SEGMENTS.computeIfAbsent(p, Segments::new);
    }

    /** The largest value of {@code cut} under p (0 unless B may be partitioned away). */
    static int maxCut(TcpParameters p) {
        TcpParameters.Keepalive k = p.variants().keepalive();
        return k.peerFailure() == TcpParameters.FAILURE_PARTITION ? Math.max(1, k.partitionTicks()) : 0;
    }

    /** A token of the text and the column (1-based) it starts in. */
    private record Token(String text, int column) {}

    private static final class Parser {
        private final String text;
        private final TcpParameters p;
        private final Segments segments;
        private final List<Token> tokens = new ArrayList<>();
        private int next;

        Parser(String text, TcpParameters p) {
            if (text == null) throw new IllegalArgumentException("state text: null");
            this.text = text;
            this.p = p;
            this.segments = segments(p);
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if ("|,{}".indexOf(c) >= 0) {
                    tokens.add(new Token(String.valueOf(c), i + 1));
                    i++;
                } else {
                    int j = i;
                    while (j < text.length() && !Character.isWhitespace(text.charAt(j))
                            && "|,{}".indexOf(text.charAt(j)) < 0) {
                        j++;
                    }
                    tokens.add(new Token(text.substring(i, j), i + 1));
                    i = j;
                }
            }
        }

        IllegalArgumentException error(Token t, String problem) {
            String where = t == null ? "at the end" : "at '" + t.text() + "' (column " + t.column() + ")";
            return new IllegalArgumentException("state text " + where + ": " + problem + ", in \"" + text + "\"");
        }

        Token peek() {
            return next < tokens.size() ? tokens.get(next) : null;
        }

        boolean at(String word) {
            Token t = peek();
            return t != null && t.text().equals(word);
        }

        Token take(String what) {
            Token t = peek();
            if (t == null) throw error(null, "expected " + what + " but the text ends");
            next++;
            return t;
        }

        void expect(String word) {
            Token t = take("'" + word + "'");
            if (!t.text().equals(word)) throw error(t, "expected '" + word + "'");
        }

        void end() {
            Token t = peek();
            if (t != null) throw error(t, "unexpected token after the end");
        }

        TcpState state() {
            TcpState s = new TcpState(p.capacity());
            expectSide("A:");
            endpoint(s, TcpState.A);
            expect("|");
            expectSide("B:");
            endpoint(s, TcpState.B);
            List<Integer> net = new ArrayList<>();
            if (peek() != null) {
                expect("|");
                expect("net:");
                expect("{");
                if (!at("}")) {
                    while (true) {
                        Token first = peek();
                        net.add(segment());
                        if (net.size() > p.capacity()) {
                            throw error(first, "more than capacity = " + p.capacity() + " segments in the network");
                        }
                        if (at("}")) break;
                        Token t = take("',' or '}'");
                        if (!t.text().equals(",")) throw error(t, "expected ',' or '}'");
                    }
                }
                expect("}");
                extras(s);
            }
            // Build through the view's own reader: it sorts the network into the model's canonical order.
            List<TcpView.SegmentView> views = new ArrayList<>();
            for (int x : net) {
                views.add(new TcpView.SegmentView(segments.src(x) == TcpState.A ? "A" : "B",
                        Segments.kindName(segments.kind(x)), segments.seq(x), segments.ack(x), segments.tag(x),
                        segments.age(x)));
            }
            TcpState built = new TcpView(view(s, TcpState.A), view(s, TcpState.B), views, s.lost, s.dups, s.failed,
                    s.cut, s.passive).toState(p);
            return built;
        }

        private static TcpView.EndpointView view(TcpState s, int e) {
            return new TcpView.EndpointView(TcpState.stateName(s.st[e]), s.snd[e], s.rcv[e], s.una[e], s.tmr[e],
                    s.rtx[e], s.dat[e], s.inc[e], s.isnBase[e], s.tsAge[e]);
        }

        void expectSide(String side) {
            Token t = take("'" + side + "'");
            if (!t.text().equals(side)) throw error(t, "expected '" + side + "'");
        }

        int side() {
            Token t = take("'A:' or 'B:'");
            if (t.text().equals("A:")) return TcpState.A;
            if (t.text().equals("B:")) return TcpState.B;
            throw error(t, "expected 'A:' or 'B:'");
        }

        void endpoint(TcpState s, int e) {
            String who = e == TcpState.A ? "A" : "B";
            Token name = take("a TCP state for " + who);
            int st = TcpState.stateNamed(name.text());
            if (st < 0) throw error(name, "unknown TCP state (one of " + String.join(" ", TcpState.STATE_NAMES) + ")");
            s.st[e] = st;
            s.snd[e] = s.rcv[e] = s.una[e] = s.tmr[e] = s.rtx[e] = s.dat[e] = s.inc[e] = 0;
            s.isnBase[e] = s.tsAge[e] = 0;
            Set<String> seen = new HashSet<>();
            TcpParameters.Variants v = p.variants();
            while (peek() != null && !at("|")) {
                Token t = take("a field");
                String field = fieldName(t, ENDPOINT_FIELDS, who + "'s fields are " + String.join(" ", ENDPOINT_FIELDS)
                        + " (lost, dups and the like go after net: {...})");
                if (!seen.add(field)) throw error(t, who + "'s " + field + " given twice");
                int value = switch (field) {
                    case "snd" -> value(t, who + ".snd", p.seqSpace() - 1, "seqSpace = " + p.seqSpace());
                    case "rcv" -> value(t, who + ".rcv", p.seqSpace() - 1, "seqSpace = " + p.seqSpace());
                    case "una" -> value(t, who + ".una", p.maxUnacknowledged(), "una counts at most the DATA and the FIN");
                    case "tmr" -> value(t, who + ".tmr", p.maxTimer(), "the longest timer");
                    case "rtx" -> value(t, who + ".rtx", p.maxCounter(), "retries = " + p.retries());
                    case "dat" -> value(t, who + ".dat", v.closeWaitData(), "closeWaitData = " + v.closeWaitData());
                    case "inc" -> value(t, who + ".inc", p.incarnations() - 1, "incarnations = " + p.incarnations());
                    case "isnBase" -> value(t, who + ".isnBase", v.isn() == 1 ? p.seqSpace() - 1 : 0, "isn = clock");
                    case "tsAge" -> value(t, who + ".tsAge", v.timestamps() == 1 ? p.msl() + 1 : 0, "timestamps");
                    default -> throw new AssertionError(field);
                };
                switch (field) {
                    case "snd" -> s.snd[e] = value;
                    case "rcv" -> s.rcv[e] = value;
                    case "una" -> s.una[e] = value;
                    case "tmr" -> s.tmr[e] = value;
                    case "rtx" -> s.rtx[e] = value;
                    case "dat" -> s.dat[e] = value;
                    case "inc" -> s.inc[e] = value;
                    case "isnBase" -> s.isnBase[e] = value;
                    case "tsAge" -> s.tsAge[e] = value;
                    default -> throw new AssertionError(field);
                }
            }
        }

        int segment() {
            Token k = take("a segment kind");
            int kind = Segments.kindNamed(k.text());
            if (kind < 0) throw error(k, "unknown segment kind (one of " + String.join(" ", Segments.KIND_NAMES) + ")");
            Token d = take("'A->B' or 'B->A'");
            int src = d.text().equals("A->B") ? TcpState.A : d.text().equals("B->A") ? TcpState.B : -1;
            if (src < 0) throw error(d, "expected the segment's direction, A->B or B->A");
            int seq = 0, ack = 0, inc = 0, age = 0;
            Set<String> seen = new HashSet<>();
            while (peek() != null && !at(",") && !at("}")) {
                Token t = take("a segment field");
                String field = fieldName(t, SEGMENT_FIELDS, "a segment's fields are " + String.join(" ", SEGMENT_FIELDS)
                        + ", and segments are separated by ','");
                if (!seen.add(field)) throw error(t, "segment " + field + " given twice");
                switch (field) {
                    case "seq" -> seq = value(t, "seq", p.seqSpace() - 1, "seqSpace = " + p.seqSpace());
                    case "ack" -> ack = value(t, "ack", p.seqSpace() - 1, "seqSpace = " + p.seqSpace());
                    case "inc" -> inc = value(t, "inc", p.incarnations() - 1, "incarnations = " + p.incarnations());
                    case "age" -> age = value(t, "age", p.msl(), "msl = " + p.msl());
                    default -> throw new AssertionError(field);
                }
            }
            return segments.code(src, kind, seq, ack, inc, age);
        }

        void extras(TcpState s) {
            TcpParameters.Variants v = p.variants();
            Set<String> seen = new HashSet<>();
            boolean partitioned = false;
            Token partitionedAt = null;
            while (peek() != null) {
                Token t = take("lost=, dups=, B-failed, partitioned, cut= or passive=");
                if (t.text().equals("B-failed") || t.text().equals("partitioned")) {
                    if (!seen.add(t.text())) throw error(t, t.text() + " given twice");
                    if (t.text().equals("B-failed")) {
                        s.failed = check(t, "failed", 1, v.keepalive().peerFailure() != 0 ? 1 : 0, "peerFailure");
                    } else {
                        check(t, "cut", 1, maxCut(p), "peerFailure = partition");
                        partitioned = true;
                        partitionedAt = t;
                    }
                    continue;
                }
                String field = fieldName(t, List.of("lost", "dups", "cut", "passive"),
                        "after the network come lost=N dups=N B-failed partitioned cut=N passive=N");
                if (!seen.add(field)) throw error(t, field + " given twice");
                switch (field) {
                    case "lost" -> s.lost = value(t, "lost", p.lossBudget(), "lossBudget = " + p.lossBudget());
                    case "dups" -> s.dups = value(t, "dups", v.duplicates(), "duplicates = " + v.duplicates());
                    case "cut" -> s.cut = value(t, "cut", maxCut(p), "peerFailure = partition, partitionTicks = "
                            + v.keepalive().partitionTicks());
                    case "passive" -> s.passive = value(t, "passive", v.passiveReopen() == 0 ? 1 : 0,
                            "passiveReopen = 0");
                    default -> throw new AssertionError(field);
                }
            }
            if (partitioned && !seen.contains("cut")) {
                if (maxCut(p) > 1) {
                    throw error(partitionedAt, "a partition that heals (partitionTicks = "
                            + v.keepalive().partitionTicks() + ") needs cut=N, the ticks left");
                }
                s.cut = 1;
            } else if (partitioned && s.cut == 0) {
                throw error(partitionedAt, "partitioned, but cut=0");
            }
        }

        /** The name of a {@code name=N} token, which must be one of {@code allowed}. */
        String fieldName(Token t, List<String> allowed, String hint) {
            int eq = t.text().indexOf('=');
            if (eq <= 0) throw error(t, "expected name=value; " + hint);
            String name = t.text().substring(0, eq);
            if (!allowed.contains(name)) throw error(t, "unknown field '" + name + "'; " + hint);
            return name;
        }

        /** The number of a {@code name=N} token, in 0..max. */
        int value(Token t, String field, int max, String why) {
            String digits = t.text().substring(t.text().indexOf('=') + 1);
            if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 9) {
                throw error(t, field + " needs a number");
            }
            return check(t, field, Integer.parseInt(digits), max, why);
        }

        int check(Token t, String field, int value, int max, String why) {
            if (value > max) {
                throw error(t, max == 0 ? field + " must be 0 here (it needs " + why + ")"
                        : field + " = " + value + " is outside 0.." + max + " (" + why + ")");
            }
            return value;
        }
    }
}
