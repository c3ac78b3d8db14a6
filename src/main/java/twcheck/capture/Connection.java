package twcheck.capture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The segments of a capture on one address pair, in capture order, with the pair's client (the
 * side whose SYN opened the first connection) and server.
 */
public record Connection(CapturedSegment.Address client, CapturedSegment.Address server, List<CapturedSegment> segments) {

    public String describe() {
        return client + " - " + server;
    }

    public boolean fromClient(CapturedSegment s) {
        return s.from().equals(client);
    }

    /**
     * The one connection of a capture, or the one {@code choice} names ({@code ADDR:PORT-ADDR:PORT},
     * either order); an IllegalArgumentException says why there is none or which to choose.
     */
    public static Connection of(List<CapturedSegment> segments, Optional<String> choice) {
        Map<String, List<CapturedSegment>> pairs = new LinkedHashMap<>();
        for (CapturedSegment s : segments) pairs.computeIfAbsent(pairKey(s.from(), s.to()), k -> new ArrayList<>()).add(s);
        if (pairs.isEmpty()) throw new IllegalArgumentException("no TCP segment in the capture");
        List<CapturedSegment> chosen;
        if (choice.isPresent()) {
            String[] ends = choice.get().split("-(?=[\\[0-9])", 2);
            chosen = ends.length < 2 ? null : pairs.get(pairKey(ends[0].strip(), ends[1].strip()));
            if (chosen == null) {
                throw new IllegalArgumentException("--connection " + choice.get() + ": no such address pair in the capture;"
                        + " it has " + String.join(", ", pairs.keySet()));
            }
        } else if (pairs.size() > 1) {
            throw new IllegalArgumentException("the capture holds " + pairs.size() + " address pairs ("
                    + String.join(", ", pairs.keySet()) + "); choose one with --connection ADDR:PORT-ADDR:PORT");
        } else {
            chosen = pairs.values().iterator().next();
        }
        CapturedSegment firstSyn = chosen.stream().filter(s -> s.syn() && !s.ackFlag()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no SYN on " + pairKey(chosen.get(0).from(), chosen.get(0).to())
                        + ": without the opening handshake the client and the initial sequence numbers are unknown"));
        return new Connection(firstSyn.from(), firstSyn.to(), List.copyOf(chosen));
    }

    private static String pairKey(CapturedSegment.Address a, CapturedSegment.Address b) {
        return pairKey(a.toString(), b.toString());
    }

    private static String pairKey(String a, String b) {
        return a.compareTo(b) <= 0 ? a + "-" + b : b + "-" + a;
    }
}
