package twcheck.tcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of the TCP model under their model-file names: those of the reference model R0
 * ({@code shared/reference-model.md}, section 1) and the design-variant switches. Every switch's
 * default is R0's behaviour, so a model that sets none of them is R0 exactly.
 */
public record TcpParameters(
        int seqSpace,
        int incarnations,
        int capacity,
        int lossBudget,
        int msl,
        int rto,
        int retries,
        int timeWait,
        int expire,
        Variants variants) {

    /** The design-variant switches; all zero is R0. */
    public record Variants(
            int timeWaitRestart,
            int rstInTimeWait,
            int synInLastAck,
            int timestamps,
            int twReuse,
            int twOverflow,
            int abort,
            int finTimeout,
            int isn,
            int reorder,
            int duplicates,
            int closer,
            int persist,
            Keepalive keepalive,
            int passiveReopen) {}

    /**
     * Keepalive and peer failure (all off by default). Only A, the client, runs keepalive; only B
     * may fail. {@code tickSeconds} states the time scale (informational, for reports).
     */
    public record Keepalive(int enabled, int time, int interval, int probes, int peerFailure, int partitionTicks,
            int bound, int tickSeconds) {

        /** The detection bound: as set, or keepalive time + probes x interval (Linux's worst case). */
        public int effectiveBound() {
            return bound > 0 ? bound : time + probes * interval;
        }
    }

    public static final int FAILURE_NONE = 0;
    public static final int FAILURE_CRASH = 1;
    public static final int FAILURE_REBOOT = 2;
    public static final int FAILURE_PARTITION = 3;

    public static final int RESTART_ON_FIN = 0;
    public static final int RESTART_NEVER = 1;
    public static final int RESTART_ON_ANY = 2;
    public static final int ROLE_EITHER = 0;
    public static final int ROLE_A = 1;
    public static final int ROLE_B = 2;
    public static final int ROLE_BOTH = 3;

    /**
     * A settable parameter: its name, the values the model accepts, what it means, and, for a
     * switch, the names of its values (value i is named {@code names.get(i)}).
     */
    public record Definition(String name, int min, int max, int defaultValue, String meaning, List<String> names) {
        Definition(String name, int min, int max, String meaning) {
            this(name, min, max, -1, meaning, List.of());
        }

        public boolean required() {
            return defaultValue < 0;
        }

        /** The value named {@code word} (a name or a number), or null. */
        public Integer valueOf(String word) {
            int named = names.indexOf(word);
            if (named >= 0) return named;
            try {
                return Integer.parseInt(word);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        public String expected() {
            return names.isEmpty() ? min + ".." + max : String.join(" | ", names);
        }
    }

    /** Every parameter: R0's first, in the order of the reference notation, then the switches. */
    public static final List<Definition> DEFINITIONS = List.of(
            new Definition("seqSpace", 3, 16, "sequence numbers are taken modulo seqSpace"),
            new Definition("incarnations", 1, 3, "incarnations 0..incarnations-1; A may open incarnations-1 new ones"),
            new Definition("capacity", 1, 8, "at most this many segments in flight"),
            new Definition("lossBudget", 0, 15, "at most this many segments lost in a whole run"),
            new Definition("msl", 0, 15, "a segment is in flight at most msl ticks"),
            new Definition("rto", 1, 15, "retransmission timeout, ticks"),
            new Definition("retries", 0, 7, "retransmissions of one segment before giving up"),
            new Definition("timeWait", 0, 63, "TIME_WAIT length, ticks"),
            new Definition("expire", 0, 1, 0, "1: a segment of age msl may be dropped silently by a tick", List.of()),
            new Definition("timeWaitRestart", 0, 2, 0, "what restarts the TIME_WAIT timer",
                    List.of("fin", "none", "any")),
            new Definition("rstInTimeWait", 0, 1, 0, "an acceptable RST in TIME_WAIT closes it, or is ignored (RFC 1337)",
                    List.of("close", "ignore")),
            new Definition("synInLastAck", 0, 1, 0, "a SYN arriving in LAST_ACK draws a RST, or a challenge ACK",
                    List.of("rst", "challenge")),
            new Definition("timestamps", 0, 1, 0, "1: timestamps with PAWS (RFC 7323)", List.of()),
            new Definition("twReuse", 0, 15, 0, "0: off; N: A may reuse the address pair after N ticks in TIME_WAIT"
                    + " if timestamps are on (Linux tcp_tw_reuse)", List.of()),
            new Definition("twOverflow", 0, 1, 0, "1: TIME_WAIT may fail to be created (tcp_max_tw_buckets)", List.of()),
            new Definition("abort", 0, 3, 0, "which side's application may close by abort (SO_LINGER {1, 0})",
                    List.of("none", "A", "B", "both")),
            new Definition("finTimeout", 0, 15, 0, "0: off; N: an orphaned FIN_WAIT_2 ends after N ticks"
                    + " (tcp_fin_timeout)", List.of()),
            new Definition("isn", 0, 1, 0, "initial sequence numbers: any value, or clock-driven",
                    List.of("any", "clock")),
            new Definition("reorder", 0, 1, 1, "1: the network reorders; 0: FIFO in each direction", List.of()),
            new Definition("duplicates", 0, 3, 0, "at most this many segments duplicated in a whole run", List.of()),
            new Definition("closer", 0, 3, 0, "which side may close first", List.of("either", "A", "B", "none")),
            new Definition("persist", 0, 1, 0, "1: an endpoint never gives up: after `retries` retransmissions it"
                    + " keeps retransmitting every rto ticks", List.of()),
            new Definition("passiveReopen", 0, 1, 1, "1: A may reopen the pair at once after closing passively;"
                    + " 0: only after an active close", List.of()),
            new Definition("keepalive", 0, 1, 0, "1: A runs keepalive (SO_KEEPALIVE)", List.of()),
            new Definition("keepaliveTime", 1, 127, 1, "idle ticks before the first probe (tcp_keepalive_time)", List.of()),
            new Definition("keepaliveInterval", 1, 63, 1, "ticks between probes (tcp_keepalive_intvl)", List.of()),
            new Definition("keepaliveProbes", 1, 15, 1, "unanswered probes before the peer is declared dead"
                    + " (tcp_keepalive_probes)", List.of()),
            new Definition("peerFailure", 0, 3, 0, "how B may fail, once, at any moment",
                    List.of("none", "crash", "reboot", "partition")),
            new Definition("partitionTicks", 0, 63, 0, "0: a partition lasts forever; N: it heals after N ticks", List.of()),
            new Definition("keepaliveBound", 0, 255, 0, "detection bound for keepalive-bound, ticks (0: keepaliveTime"
                    + " + keepaliveProbes x keepaliveInterval)", List.of()),
            new Definition("tickSeconds", 0, 100000, 0, "the time scale: seconds per tick (0: unstated); for reports only",
                    List.of()));

    public static Definition definition(String name) {
        for (Definition d : DEFINITIONS) {
            if (d.name().equals(name)) return d;
        }
        return null;
    }

    /** Builds parameters from a name-to-value map; missing switches take their defaults. */
    public static TcpParameters of(Map<String, Integer> values) {
        for (Definition d : DEFINITIONS) {
            if (d.required() && !values.containsKey(d.name())) {
                throw new IllegalArgumentException("missing parameter " + d.name());
            }
        }
        java.util.function.ToIntFunction<String> v = name -> {
            Integer value = values.get(name);
            return value != null ? value : definition(name).defaultValue();
        };
        return new TcpParameters(
                v.applyAsInt("seqSpace"), v.applyAsInt("incarnations"), v.applyAsInt("capacity"),
                v.applyAsInt("lossBudget"), v.applyAsInt("msl"), v.applyAsInt("rto"),
                v.applyAsInt("retries"), v.applyAsInt("timeWait"), v.applyAsInt("expire"),
                new Variants(v.applyAsInt("timeWaitRestart"), v.applyAsInt("rstInTimeWait"),
                        v.applyAsInt("synInLastAck"), v.applyAsInt("timestamps"), v.applyAsInt("twReuse"),
                        v.applyAsInt("twOverflow"), v.applyAsInt("abort"), v.applyAsInt("finTimeout"),
                        v.applyAsInt("isn"), v.applyAsInt("reorder"), v.applyAsInt("duplicates"),
                        v.applyAsInt("closer"), v.applyAsInt("persist"),
                        new Keepalive(v.applyAsInt("keepalive"), v.applyAsInt("keepaliveTime"),
                                v.applyAsInt("keepaliveInterval"), v.applyAsInt("keepaliveProbes"),
                                v.applyAsInt("peerFailure"), v.applyAsInt("partitionTicks"),
                                v.applyAsInt("keepaliveBound"), v.applyAsInt("tickSeconds")),
                        v.applyAsInt("passiveReopen")));
    }

    /** Parses the reference notation {@code SEQ/INC/CAP/LOSS/MSL/RTO/R/TW}, optionally {@code +e}. */
    public static TcpParameters parseConfig(String config) {
        boolean expire = config.endsWith("+e");
        String[] parts = (expire ? config.substring(0, config.length() - 2) : config).split("/");
        if (parts.length != 8) {
            throw new IllegalArgumentException("expected SEQ/INC/CAP/LOSS/MSL/RTO/R/TW, got " + config);
        }
        Map<String, Integer> values = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) values.put(DEFINITIONS.get(i).name(), Integer.parseInt(parts[i].trim()));
        values.put("expire", expire ? 1 : 0);
        return of(values);
    }

    /** This configuration with one parameter changed. */
    public TcpParameters with(String name, int value) {
        Map<String, Integer> values = asMap();
        values.put(name, value);
        return of(values);
    }

    /** Name-to-value map, in definition order. */
    public Map<String, Integer> asMap() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("seqSpace", seqSpace);
        m.put("incarnations", incarnations);
        m.put("capacity", capacity);
        m.put("lossBudget", lossBudget);
        m.put("msl", msl);
        m.put("rto", rto);
        m.put("retries", retries);
        m.put("timeWait", timeWait);
        m.put("expire", expire);
        m.put("timeWaitRestart", variants.timeWaitRestart());
        m.put("rstInTimeWait", variants.rstInTimeWait());
        m.put("synInLastAck", variants.synInLastAck());
        m.put("timestamps", variants.timestamps());
        m.put("twReuse", variants.twReuse());
        m.put("twOverflow", variants.twOverflow());
        m.put("abort", variants.abort());
        m.put("finTimeout", variants.finTimeout());
        m.put("isn", variants.isn());
        m.put("reorder", variants.reorder());
        m.put("duplicates", variants.duplicates());
        m.put("closer", variants.closer());
        m.put("persist", variants.persist());
        m.put("passiveReopen", variants.passiveReopen());
        Keepalive k = variants.keepalive();
        m.put("keepalive", k.enabled());
        m.put("keepaliveTime", k.time());
        m.put("keepaliveInterval", k.interval());
        m.put("keepaliveProbes", k.probes());
        m.put("peerFailure", k.peerFailure());
        m.put("partitionTicks", k.partitionTicks());
        m.put("keepaliveBound", k.bound());
        m.put("tickSeconds", k.tickSeconds());
        return m;
    }

    /** The switches that differ from R0, as {@code name=value} words (empty for R0 itself). */
    public List<String> variantWords() {
        List<String> words = new java.util.ArrayList<>();
        for (Map.Entry<String, Integer> e : asMap().entrySet()) {
            Definition d = definition(e.getKey());
            if (d.required() || d.name().equals("expire") || e.getValue() == d.defaultValue()) continue;
            words.add(d.name() + "=" + (d.names().isEmpty() ? e.getValue().toString() : d.names().get(e.getValue())));
        }
        return words;
    }

    /** The reference notation, e.g. {@code 3/2/2/1/1/3/2/4}. */
    public String config() {
        return seqSpace + "/" + incarnations + "/" + capacity + "/" + lossBudget + "/" + msl + "/"
                + rto + "/" + retries + "/" + timeWait + (expire == 1 ? "+e" : "");
    }

    /** The longest any timer runs. */
    public int maxTimer() {
        int max = Math.max(Math.max(rto, timeWait), variants.finTimeout());
        Keepalive k = variants.keepalive();
        return k.enabled() == 1 ? Math.max(max, Math.max(k.time(), k.interval())) : max;
    }

    /** The largest value of an endpoint's retransmission (or keepalive probe) counter. */
    public int maxCounter() {
        Keepalive k = variants.keepalive();
        return k.enabled() == 1 ? Math.max(retries, k.probes()) : retries;
    }
}
