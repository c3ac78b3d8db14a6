package twcheck.tcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of the reference model R0 ({@code shared/reference-model.md}, section 1), under
 * their model-file names.
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
        int expire) {

    /** A settable parameter: its name, the values the model accepts, and what it means. */
    public record Definition(String name, int min, int max, String meaning) {}

    /** Every parameter, in the order of the reference document's configuration notation. */
    public static final List<Definition> DEFINITIONS = List.of(
            new Definition("seqSpace", 3, 16, "sequence numbers are taken modulo seqSpace"),
            new Definition("incarnations", 1, 3, "incarnations 0..incarnations-1; A may open incarnations-1 new ones"),
            new Definition("capacity", 1, 8, "at most this many segments in flight"),
            new Definition("lossBudget", 0, 15, "at most this many segments lost in a whole run"),
            new Definition("msl", 0, 15, "a segment is in flight at most msl ticks"),
            new Definition("rto", 1, 15, "retransmission timeout, ticks"),
            new Definition("retries", 0, 7, "retransmissions of one segment before giving up"),
            new Definition("timeWait", 0, 63, "TIME_WAIT length, ticks"),
            new Definition("expire", 0, 1, "1: a segment of age msl may be dropped silently by a tick"));

    public static Definition definition(String name) {
        for (Definition d : DEFINITIONS) {
            if (d.name().equals(name)) return d;
        }
        return null;
    }

    /** Builds parameters from a complete name-to-value map (every definition present). */
    public static TcpParameters of(Map<String, Integer> values) {
        return new TcpParameters(
                values.get("seqSpace"), values.get("incarnations"), values.get("capacity"),
                values.get("lossBudget"), values.get("msl"), values.get("rto"),
                values.get("retries"), values.get("timeWait"), values.get("expire"));
    }

    /** Parses the reference notation {@code SEQ/INC/CAP/LOSS/MSL/RTO/R/TW}, optionally {@code +e}. */
    public static TcpParameters parseConfig(String config) {
        boolean expire = config.endsWith("+e");
        String[] parts = (expire ? config.substring(0, config.length() - 2) : config).split("/");
        if (parts.length != 8) {
            throw new IllegalArgumentException("expected SEQ/INC/CAP/LOSS/MSL/RTO/R/TW, got " + config);
        }
        int[] v = new int[8];
        for (int i = 0; i < 8; i++) v[i] = Integer.parseInt(parts[i].trim());
        return new TcpParameters(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], expire ? 1 : 0);
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
        return m;
    }

    /** The reference notation, e.g. {@code 3/2/2/1/1/3/2/4}. */
    public String config() {
        return seqSpace + "/" + incarnations + "/" + capacity + "/" + lossBudget + "/" + msl + "/"
                + rto + "/" + retries + "/" + timeWait + (expire == 1 ? "+e" : "");
    }
}
