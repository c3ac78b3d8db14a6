"""The manifest's "observed" note: what the capture shows, measured from it.

Nothing here is a fixed expectation: every sentence is computed from the
segments (and, for what is not on the wire, from the evidence that
capture.sh collected), so a re-run on another kernel says what that kernel did.
"""
import re

M32 = 2**32


def seg_end(p):
    return (p["seq"] + p["len"] + (1 if p["flags"] & 0x02 else 0) + (1 if p["flags"] & 0x01 else 0)) % M32


def after(a, b):
    """a is after b in sequence space."""
    return 0 < (a - b) % M32 < 2**31


def ms(x):
    return "%.0f ms" % (x * 1000) if x >= 0.001 else "%.3f ms" % (x * 1000)


def who(d):
    return "client" if d == "C>S" else "server"


def other(d):
    return "S>C" if d == "C>S" else "C>S"


def split_connections(conn):
    """Split at every SYN without ACK: a reused 4-tuple starts a new connection."""
    conns, cur = [], []
    for p in conn.pkts:
        if p["flags"] & 0x12 == 0x02 and cur and any(q["flags"] & 0x12 == 0x02 for q in cur):
            if p["seq"] != cur[0]["seq"]:  # not a SYN retransmission
                conns.append(cur)
                cur = []
        cur.append(p)
    if cur:
        conns.append(cur)
    return conns


def classify(conn, pkts):
    """Mark retransmissions and keepalive probes; returns {frame: label}."""
    top = {}
    labels = {}
    for p in pkts:
        d = conn.dir(p)
        end = seg_end(p)
        hi = top.get(d)
        consumes = p["len"] > 0 or p["flags"] & 0x03
        if hi is not None and not p["flags"] & 0x04:
            if consumes and not after(end, hi):
                labels[p["frame"]] = "retransmission"
            elif not consumes and p["seq"] == (hi - 1) % M32:
                labels[p["frame"]] = "keepalive probe"
        if hi is None or after(end, hi):
            top[d] = end
    return labels


def rtx_kind(counters, role):
    c = counters.get(role, {})
    tlp, rto = c.get("TcpExt.TCPLossProbes", 0), c.get("TcpExt.TCPTimeouts", 0)
    if tlp and not rto:
        return " (a tail loss probe: %s's TcpExt.TCPLossProbes=%d, TCPTimeouts=0)" % (role, tlp)
    if rto and not tlp:
        return " (an RTO retransmission: %s's TcpExt.TCPTimeouts=%d)" % (role, rto)
    if rto or tlp:
        return " (%s's TcpExt.TCPLossProbes=%d, TCPTimeouts=%d)" % (role, tlp, rto)
    return ""


def describe_connection(conn, pkts, idx, notes, forged=(), counters=None):
    rel = conn.rel
    t0 = conn.t0
    labels = classify(conn, pkts)
    fins = {}
    for p in pkts:
        if p["flags"] & 0x01 and labels.get(p["frame"]) != "retransmission":
            fins.setdefault(conn.dir(p), p)
    prefix = "connection %d: " % idx if idx else ""
    # order of the FINs
    order = sorted(fins.values(), key=lambda p: p["ts"])
    if len(order) == 2:
        a, b = order
        if crossed_pair(a, b):
            notes.append(prefix + "the FINs crossed: %s FIN at %.6f s and %s FIN at %.6f s (%s apart), "
                         "neither acknowledges the other (simultaneous close)"
                         % (who(conn.dir(a)), a["ts"] - t0, who(conn.dir(b)), b["ts"] - t0, ms(b["ts"] - a["ts"])))
    for d, f in sorted(fins.items(), key=lambda kv: kv[1]["ts"]):
        fend = seg_end(f)
        _, fseq, _ = rel(f)
        piggy = " (carrying %d data bytes)" % f["len"] if f["len"] else ""
        ack_of_peer_fin = other(d) in fins and f["ack"] == seg_end(fins[other(d)]) and f["flags"] & 0x10
        s = "%s FIN at %.6f s, seq %d%s" % (who(d), f["ts"] - t0, fseq, piggy)
        if ack_of_peer_fin:
            s += ", acknowledging the %s's FIN" % who(other(d))
        rtx = [p for p in pkts if conn.dir(p) == d and p["flags"] & 0x01 and labels.get(p["frame"]) == "retransmission"]
        if rtx:
            s += "; retransmitted %s%s" % (", ".join("%s after the first copy" % ms(p["ts"] - f["ts"]) for p in rtx),
                                           rtx_kind(counters or {}, who(d)))
        acks = [p for p in pkts if conn.dir(p) == other(d) and p["flags"] & 0x10 and p["ts"] >= f["ts"]
                and not after(fend, p["ack"]) and not p["flags"] & 0x04]
        if acks:
            a = acks[0]
            if a["flags"] & 0x01:
                kind = "on the %s's own FIN" % who(other(d))
            elif a["len"]:
                kind = "piggy-backed on a %d-byte data segment" % a["len"]
            else:
                kind = "as a pure ACK"
            since = a["ts"] - (rtx[-1]["ts"] if rtx and rtx[-1]["ts"] < a["ts"] else f["ts"])
            s += "; acknowledged by the %s %s %s after %s" % (
                who(other(d)), kind, ms(since), "the retransmission" if rtx and rtx[-1]["ts"] < a["ts"] else "it")
            dup = [p for p in acks[1:] if not p["flags"] & 0x01 and not p["len"] and p["ack"] == a["ack"]]
            if dup:
                s += ", the same ACK again at %s" % ", ".join("%.6f s" % (p["ts"] - t0) for p in dup)
        else:
            s += "; never acknowledged in the capture"
        notes.append(prefix + s)
    for p in pkts:
        lab = labels.get(p["frame"])
        if lab == "retransmission" and not p["flags"] & 0x01:
            d, seq, _ = rel(p)
            notes.append(prefix + "%s retransmits seq %d (len %d) at %.6f s" % (who(d), seq, p["len"], p["ts"] - t0))
    probes = [p for p in pkts if labels.get(p["frame"]) == "keepalive probe"]
    if probes:
        d, seq, _ = rel(probes[0])
        notes.append(prefix + "%d keepalive probe(s) from the %s at %s s: pure ACKs with seq %d = snd_nxt - 1, len 0, "
                     "%s" % (len(probes), who(d), ", ".join("%.3f" % (p["ts"] - t0) for p in probes), seq,
                             "none answered" if not any(conn.dir(q) != d and q["ts"] > probes[0]["ts"] for q in pkts)
                             else "answered"))
    for p in pkts:
        if p["flags"] & 0x04:
            d, seq, ack = rel(p)
            kind = "RST+ACK" if p["flags"] & 0x10 else "RST (no ACK flag)"
            s = "%s from the %s at %.6f s, seq %d" % (kind, who(d), p["ts"] - t0, seq)
            if ack is not None:
                s += ", ack %d" % ack
            s += ", %s" % ("with timestamps" if "tsval" in p["opts"] else "no TCP options")
            prev = [q for q in pkts if q["ts"] < p["ts"] and conn.dir(q) == other(d)]
            if p["frame"] in forged:
                s += " (the forged RST: seq = the client's rcv_nxt)"
            elif prev and not p["flags"] & 0x10 and p["seq"] == prev[-1]["ack"]:
                s += " (seq = the ack field of the %s's segment just before: an RFC 793 reply to a segment "\
                     "that finds no connection)" % who(other(d))
            notes.append(prefix + s)


def crossed_pair(a, b):
    return a["ack"] != seg_end(b) and b["ack"] != seg_end(a)


def describe_reuse(conn, conns, notes):
    for i in range(1, len(conns)):
        old, new = conns[i - 1], conns[i]
        syn = new[0]
        d = conn.dir(syn)
        old_mine = [p for p in old if conn.dir(p) == d]
        old_theirs = [p for p in old if conn.dir(p) != d]
        if not old_mine:
            continue
        snd_nxt = max((seg_end(p) for p in old_mine), key=lambda e: (e - old_mine[0]["seq"]) % M32)
        delta = (syn["seq"] - snd_nxt) % M32
        s = "connection %d reuses the 4-tuple %s after the first one: the %s's SYN at %.6f s has ISN %d = old %s snd_nxt %s" % (
            i + 1, "%.3f s" % (syn["ts"] - old[-1]["ts"]), who(d), syn["ts"] - conn.t0, syn["seq"],
            who(d), "+ %d" % delta if delta < 2**31 else "- %d" % (M32 - delta))
        if delta == 65537:
            s += " (Linux: tw_snd_nxt + 65535 + 2, set by the TIME_WAIT reuse)"
        if "tsval" in syn["opts"]:
            tsecr = syn["opts"]["tsecr"]
            last_peer_ts = [p["opts"]["tsval"] for p in old_theirs if "tsval" in p["opts"]]
            s += "; its TSecr is %d" % tsecr
            if tsecr and last_peer_ts and tsecr == last_peer_ts[-1]:
                s += " (= the last TSval the peer sent in the old connection, i.e. the TIME_WAIT's ts_recent)"
            elif tsecr == 0:
                s += " (a fresh SYN)"
        synack = next((p for p in new if p["flags"] & 0x12 == 0x12), None)
        if synack and old_theirs:
            their_nxt = max((seg_end(p) for p in old_theirs), key=lambda e: (e - old_theirs[0]["seq"]) % M32)
            dd = (synack["seq"] - their_nxt) % M32
            s += "; the %s's SYN-ACK has ISN %d = old %s snd_nxt %s" % (
                who(conn.dir(synack)), synack["seq"], who(conn.dir(synack)),
                "+ %d" % dd if dd < 2**31 else "- %d" % (M32 - dd))
            if dd == 65537:
                s += " (Linux: the TIME_WAIT socket picked tw_snd_nxt + 65535 + 2 for the new connection)"
        notes.append(s)


def ev(entry, label):
    return entry.get("evidence", {}).get(label, [])


def ss_states(lines):
    st = [ln.split()[0] for ln in lines[1:] if ln and not ln.startswith(("State", "$"))]
    return ", ".join(st) if st else "no socket"


def app(evs, role, step_prefix):
    return [e for e in evs if e["role"] == role and e["step"].lstrip("~").startswith(step_prefix)]


def nft_drops(entry):
    """(side, hook, packets) for each counting drop rule in the rulesets capture.sh kept."""
    res = []
    for side in ("client", "server"):
        hook = None
        for ln in ev(entry, "nft_%s_at_end" % side):
            m = re.search(r"\bhook (\w+)\b", ln)
            if m:
                hook = m.group(1)
            m = re.search(r"counter packets (\d+) bytes \d+ drop", ln)
            if m:
                res.append((side, hook, int(m.group(1))))
    return res


def describe_drops(conn, entry, notes):
    """Where the segments that a scenario's nftables rules dropped are, measured: the sender's
    TCP counters (how many it sent), the capture, and the receiver's Tcp.InSegs (how many
    reached its TCP; netfilter's input hook comes before TCP)."""
    at = entry.get("capture_point", "client").split()[0]
    counters = entry.get("kernel_counters", {})
    for side, hook, n in nft_drops(entry):
        if hook not in ("input", "output"):
            continue
        sender = side if hook == "output" else ("client" if side == "server" else "server")
        receiver = "server" if sender == "client" else "client"
        d = "C>S" if sender == "client" else "S>C"
        sc, rc = counters.get(sender, {}), counters.get(receiver, {})
        sent = sc.get("Tcp.OutSegs", 0) + sc.get("Tcp.RetransSegs", 0)
        shown = sum(1 for p in conn.pkts if conn.dir(p) == d)
        got = rc.get("Tcp.InSegs", 0)
        s = ("nftables: the rule in the %s's %s hook dropped %s (its counter); the %s's TCP sent %d segments "
             "(Tcp.OutSegs %d + Tcp.RetransSegs %d), this capture (at the %s) shows %d of them, the %s's TCP "
             "received %d (Tcp.InSegs)" % (side, hook, "1 segment" if n == 1 else "%d segments" % n, sender, sent,
                                           sc.get("Tcp.OutSegs", 0), sc.get("Tcp.RetransSegs", 0), at, shown,
                                           receiver, got))
        what = "the dropped segment is" if n == 1 else "the dropped segments are"
        if n and shown - got == n and sent == shown:
            s += ": %s IN this capture" % what
            if hook == "input" and at == side:
                s += " (tcpdump on the %s's interface sees an arriving frame before netfilter's input hook drops it)" % side
            else:
                s += " (it went on the wire and was dropped at the %s's input)" % side
        elif n and sent - shown == n and shown == got:
            s += ": %s NOT in this capture (dropped in the %s's %s hook, it never went on the wire)" % (what, side, hook)
        else:
            s += ": these counts do not say whether %s in this capture" % what
        notes.append(s)


def observe(name, conn, evs, entry):
    notes = []
    conns = split_connections(conn)
    for i, c in enumerate(conns):
        forged = {p["frame"] for p in c if p["flags"] & 0x04 and conn.dir(p) == "S>C"} \
            if name.startswith("rst-in-time-wait") else ()
        describe_connection(conn, c, i + 1 if len(conns) > 1 else 0, notes, forged,
                            entry.get("kernel_counters"))
    if len(conns) > 1:
        describe_reuse(conn, conns, notes)
    t0 = conn.t0
    for a, b in zip(conn.pkts, conn.pkts[1:]):
        if b["ts"] - a["ts"] >= 1.1:
            notes.append("nothing on the wire for %.3f s (%.6f to %.6f s)" % (b["ts"] - a["ts"], a["ts"] - t0, b["ts"] - t0))
    if entry.get("capture_point", "").startswith("server"):
        # only the server-side captures: the client-side ones' notes stay as they were
        describe_drops(conn, entry, notes)
    if entry.get("check"):
        notes.append("capture.sh checked that %s: %s (attempt %d)" % (
            entry["check"], "yes" if entry["check_passed"] else "NO, not in any attempt", entry["attempts"]))
    if name.startswith("rst-in-time-wait"):
        before, after_ = ss_states(ev(entry, "ss_before_rst")), ss_states(ev(entry, "ss_after_rst"))
        notes.append("client sockets on the port (ss): before the RST %s, after it %s" % (before, after_))
        conn_ev = app(evs, "client", "connect")
        bind_ev = app(evs, "client", "bind")
        if len(bind_ev) > 1 and "error" in bind_ev[-1]:
            notes.append("reconnect from the same port (after the capture): bind failed with %s" % bind_ev[-1]["error"])
        elif len(conn_ev) > 1:
            e = conn_ev[-1]
            notes.append("reconnect from the same port (after the capture, tcp_tw_reuse=0): %s" % (
                "connect() failed with " + e["error"] + " -> the TIME_WAIT socket survived the RST"
                if "error" in e else "connect() succeeded -> the RST had killed TIME_WAIT"))
    for label in sorted(entry.get("evidence", {})):
        if label.startswith("ss_") and not name.startswith("rst-in-time-wait"):
            notes.append("%s: %s" % (label, ss_states(ev(entry, label))))
    for e in evs:
        if "error" in e:
            notes.append("%s %s failed with %s at %.6f s" % (e["role"], e["step"].lstrip("~"), e["error"], e["t0"] - t0))
    for e in evs:
        if "state" in e:
            notes.append("%s TCP state after %s: %s" % (e["role"], prev_step(evs, e), e["state"]))
    return "; ".join(notes) + "."


def prev_step(evs, e):
    mine = [x for x in evs if x["role"] == e["role"]]
    i = mine.index(e)
    return mine[i - 1]["step"] if i else "start"
