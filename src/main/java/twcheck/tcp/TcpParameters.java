package twcheck.tcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import twcheck.model.Parameter;
import twcheck.model.ParameterValues;
import twcheck.model.WholeNumbers;

/**
 * The parameters of the TCP model under their model-file names: those of the reference model R0
 * ({@code docs/r0-semantics.md}) and the design-variant switches. Every switch's default is R0's
 * behaviour, so a model that sets none of them is R0 exactly. {@link #DEFINITIONS} is the one
 * table of names, ranges and meanings; {@link #of(ParameterValues)} the one place that reads them
 * into typed fields.
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
        Variants variants,
        ParameterValues values) {

    /** The design-variant switches; all zero is R0. */
    public record Variants(
            int timeWaitRestart,
            int rstInTimeWait,
            int synInLastAck,
            int timestamps,
            int twReuse,
            int twOverflow,
            int abort,
            int closeWaitData,
            int establishedData,
            int finTimeout,
            int finWait2,
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
    public record Keepalive(int enabled, int time, int interval, int probes, int giveUp, int peerFailure,
            int partitionTicks, int bound, int tickSeconds) {

        /** The detection bound: as set, or keepalive time + probes x interval (Linux's worst case). */
        public int effectiveBound() {
            return bound > 0 ? bound : time + probes * interval;
        }
    }

    /** An orphan whose FIN is acknowledged lingers in FIN_WAIT_2 (R0), or is destroyed with a RST. */
    public static final int FIN_WAIT_2_LINGER = 0;
    public static final int FIN_WAIT_2_RST = 1;

    /** How A gives up when the last probe goes unanswered: silently (R0), or with a RST (Linux). */
    public static final int GIVE_UP_SILENT = 0;
    public static final int GIVE_UP_RST = 1;

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

    /** Every parameter: R0's first, in the order of the reference notation, then the switches. */
    public static final List<Parameter> DEFINITIONS = List.of(
            Parameter.required("seqSpace", 3, 16, "sequence numbers are taken modulo seqSpace"),
            Parameter.required("incarnations", 1, 3, "incarnations 0..incarnations-1; A may open incarnations-1 new ones"),
            Parameter.required("capacity", 1, 8, "at most this many segments in flight"),
            Parameter.required("lossBudget", 0, 15, "at most this many segments lost in a whole run"),
            Parameter.required("msl", 0, 63, "a segment is in flight at most msl ticks"),
            Parameter.required("rto", 1, 63, "retransmission timeout, ticks"),
            Parameter.required("retries", 0, 7, "retransmissions of one segment before giving up"),
            Parameter.required("timeWait", 0, 63, "TIME_WAIT length, ticks"),
            Parameter.number("expire", 0, 1, 0, "1: a segment of age msl may be dropped silently by a tick"),
            Parameter.choice("timeWaitRestart", 0, "what restarts the TIME_WAIT timer", "fin", "none", "any"),
            Parameter.choice("rstInTimeWait", 0, "an acceptable RST in TIME_WAIT closes it, or is ignored (RFC 1337)",
                    "close", "ignore"),
            Parameter.choice("synInLastAck", 0, "a SYN arriving in LAST_ACK draws a RST, or a challenge ACK",
                    "rst", "challenge"),
            Parameter.number("timestamps", 0, 1, 0, "1: timestamps with PAWS (RFC 7323)"),
            Parameter.number("twReuse", 0, 15, 0, "0: off; N: A may reuse the address pair after N ticks in TIME_WAIT"
                    + " if timestamps are on (Linux tcp_tw_reuse)"),
            Parameter.number("twOverflow", 0, 1, 0, "1: TIME_WAIT may fail to be created (tcp_max_tw_buckets)"),
            Parameter.choice("abort", 0, "which side's application may close by abort (SO_LINGER {1, 0})",
                    "none", "A", "B", "both"),
            Parameter.number("closeWaitData", 1, 3, 1, "data segments the passive closer may send in CLOSE_WAIT"
                    + " (R0: one); needs seqSpace > closeWaitData + 1"),
            Parameter.number("establishedData", 0, 2, 0, "data segments each endpoint may send in ESTABLISHED,"
                    + " before it closes (R0: none)"),
            Parameter.number("finTimeout", 0, 15, 0, "0: off; N: an orphaned FIN_WAIT_2 ends after N ticks"
                    + " (tcp_fin_timeout)"),
            Parameter.choice("finWait2", 0, "when an endpoint's FIN is acknowledged it lingers in FIN_WAIT_2, or is"
                    + " destroyed at once, the ACK answered with a RST (Linux, TCP_LINGER2 < 0)", "linger", "rst"),
            Parameter.choice("isn", 0, "initial sequence numbers: any value, or clock-driven", "any", "clock"),
            Parameter.number("reorder", 0, 1, 1, "1: the network reorders; 0: FIFO in each direction"),
            Parameter.number("duplicates", 0, 3, 0, "at most this many segments duplicated in a whole run"),
            Parameter.choice("closer", 0, "which side may close first", "either", "A", "B", "none"),
            Parameter.number("persist", 0, 1, 0, "1: an endpoint never gives up: after `retries` retransmissions it"
                    + " keeps retransmitting every rto ticks"),
            Parameter.number("passiveReopen", 0, 1, 1, "1: A may reopen the pair at once after closing passively;"
                    + " 0: only after an active close"),
            Parameter.number("keepalive", 0, 1, 0, "1: A runs keepalive (SO_KEEPALIVE)"),
            Parameter.number("keepaliveTime", 1, 8191, 1, "idle ticks before the first probe (tcp_keepalive_time)"),
            Parameter.number("keepaliveInterval", 1, 255, 1, "ticks between probes (tcp_keepalive_intvl)"),
            Parameter.number("keepaliveProbes", 1, 15, 1, "unanswered probes before the peer is declared dead"
                    + " (tcp_keepalive_probes)"),
            Parameter.choice("keepaliveGiveUp", 0, "when the last probe goes unanswered, A forgets the connection"
                    + " silently, or sends a RST first (Linux's tcp_keepalive_timer)", "silent", "rst"),
            Parameter.choice("peerFailure", 0, "how B may fail, once, at any moment",
                    "none", "crash", "reboot", "partition"),
            Parameter.number("partitionTicks", 0, 63, 0, "0: a partition lasts forever; N: it heals after N ticks"),
            Parameter.number("keepaliveBound", 0, 16383, 0, "detection bound for keepalive-bound, ticks (0: keepaliveTime"
                    + " + keepaliveProbes x keepaliveInterval)"),
            Parameter.number("tickSeconds", 0, 100000, 0, "the time scale: seconds per tick (0: unstated); for reports only"));

    public static Parameter definition(String name) {
        for (Parameter d : DEFINITIONS) {
            if (d.name().equals(name)) return d;
        }
        return null;
    }

    /**
     * Builds parameters from a name-to-value map; missing switches take their defaults.
     *
     * @throws IllegalArgumentException naming a parameter that is unknown, missing or out of range
     */
    public static TcpParameters of(Map<String, Integer> values) {
        return of(ParameterValues.of(DEFINITIONS, values));
    }

    /** The parameters these values give; each parameter is read by its name here and nowhere else. */
    public static TcpParameters of(ParameterValues v) {
        // data and FIN outstanding at once must stay distinguishable modulo seqSpace
        int outstanding = v.get("establishedData") + v.get("closeWaitData") + 1;
        if (outstanding >= v.get("seqSpace")) {
            throw new IllegalArgumentException("closeWaitData = " + v.get("closeWaitData")
                    + (v.get("establishedData") > 0 ? " with establishedData = " + v.get("establishedData") : "")
                    + " needs seqSpace > " + outstanding + " (that many data segments and the FIN may be"
                    + " unacknowledged at once), but seqSpace = " + v.get("seqSpace"));
        }
        return new TcpParameters(
                v.get("seqSpace"), v.get("incarnations"), v.get("capacity"), v.get("lossBudget"), v.get("msl"),
                v.get("rto"), v.get("retries"), v.get("timeWait"), v.get("expire"),
                new Variants(v.get("timeWaitRestart"), v.get("rstInTimeWait"), v.get("synInLastAck"),
                        v.get("timestamps"), v.get("twReuse"), v.get("twOverflow"), v.get("abort"),
                        v.get("closeWaitData"), v.get("establishedData"), v.get("finTimeout"), v.get("finWait2"), v.get("isn"), v.get("reorder"), v.get("duplicates"), v.get("closer"),
                        v.get("persist"),
                        new Keepalive(v.get("keepalive"), v.get("keepaliveTime"), v.get("keepaliveInterval"),
                                v.get("keepaliveProbes"), v.get("keepaliveGiveUp"), v.get("peerFailure"), v.get("partitionTicks"),
                                v.get("keepaliveBound"), v.get("tickSeconds")),
                        v.get("passiveReopen")),
                v);
    }

    /** Parses the reference notation {@code SEQ/INC/CAP/LOSS/MSL/RTO/R/TW}, optionally {@code +e}. */
    public static TcpParameters parseConfig(String config) {
        boolean expire = config.endsWith("+e");
        String[] parts = (expire ? config.substring(0, config.length() - 2) : config).split("/");
        if (parts.length != 8) {
            throw new IllegalArgumentException("expected SEQ/INC/CAP/LOSS/MSL/RTO/R/TW, got " + config);
        }
        Map<String, Integer> values = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            Parameter d = DEFINITIONS.get(i);
            String part = parts[i].trim();
            Integer v = WholeNumbers.parseInt(part);
            if (v == null || !d.accepts(v)) {
                throw new IllegalArgumentException(d.name() + " = '" + part + "'" + (v == null ? " is not a whole number" : " is out of range")
                        + "; expected " + d.expected());
            }
            values.put(d.name(), v);
        }
        values.put("expire", expire ? 1 : 0);
        return of(values);
    }

    /** This configuration with one parameter changed. */
    public TcpParameters with(String name, int value) {
        return of(values.with(name, value));
    }

    /** Name-to-value map, in definition order. */
    public Map<String, Integer> asMap() {
        return values.asMap();
    }

    /** The switches that differ from R0, as {@code name=value} words (empty for R0 itself). */
    public List<String> variantWords() {
        return values.changedFromDefaults().stream().filter(w -> !w.startsWith("expire=")).toList();
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

    /** The most units an endpoint may have unacknowledged: its data (ESTABLISHED, CLOSE_WAIT) and its FIN. */
    public int maxUnacknowledged() {
        return variants.establishedData() + variants.closeWaitData() + 1;
    }

    /** The largest value of an endpoint's count of data segments sent in its current state. */
    public int maxDataSent() {
        return Math.max(variants.closeWaitData(), variants.establishedData());
    }

    /** The largest value of an endpoint's retransmission (or keepalive probe) counter. */
    public int maxCounter() {
        Keepalive k = variants.keepalive();
        return k.enabled() == 1 ? Math.max(retries, k.probes()) : retries;
    }
}
