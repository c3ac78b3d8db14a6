#!/usr/bin/python3
"""Reads the lab's captures and writes the manifest.

  report.py segments PCAP                 compact listing of the TCP segments
  report.py next-seq PCAP --sender IP:PORT
        prints "SEQ ACK": the sequence number just past the last segment that
        IP:PORT sent (its snd_nxt, i.e. the peer's rcv_nxt) and the one just
        past what the other side sent; used to forge an in-window RST.
  report.py check NAME PCAP               exit 0 if the capture shows what scenario NAME is for
                                          (for the timing-dependent ones; prints what that is)
  report.py entry --name N ... > N.json   one manifest entry (see capture.sh)
  report.py merge MANIFEST ENTRY.json...  replace/add entries, keep the list sorted

The pcap file and the Ethernet/IP/TCP headers are decoded by scapy (Debian:
python3-scapy); this file only turns scapy's packets into the plain dicts
that the listing, the checks and observe.py work on.
"""
import argparse
import json
import logging
import os
import re
import sys

FLAG_BITS = [(0x02, "S"), (0x01, "F"), (0x04, "R"), (0x08, "P"), (0x20, "U"), (0x40, "E"), (0x80, "W")]


def read_pcap(path):
    """The TCP segments of a capture, in order, as dicts (see segment())."""
    if os.path.getsize(path) == 0:   # tcpdump has not written the file header yet
        return []
    logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
    from scapy.utils import PcapReader
    from scapy.layers.inet import TCP   # registers Ether -> IP -> TCP
    import scapy.layers.inet6  # noqa: F401  registers Ether -> IPv6 -> TCP
    pkts = []
    with PcapReader(path) as reader:
        for pkt in reader:
            if TCP not in pkt:
                continue
            seg = segment(pkt)
            seg["frame"] = len(pkts) + 1
            pkts.append(seg)
    return pkts


def segment(pkt):
    from scapy.layers.inet import IP, TCP
    from scapy.layers.inet6 import IPv6
    from scapy.packet import Padding
    ip = pkt[IP] if IP in pkt else pkt[IPv6]
    tcp = pkt[TCP]
    pad = tcp.getlayer(Padding)       # Ethernet padding of a short frame: not payload
    return {"fam": 4 if ip.version == 4 else 6, "src": ip.src, "dst": ip.dst,
            "sport": tcp.sport, "dport": tcp.dport, "seq": tcp.seq, "ack": tcp.ack,
            "flags": int(tcp.flags), "win": tcp.window,
            "len": len(tcp.payload) - (len(pad) if pad else 0),
            "opts": options(tcp.options), "ts": float(pkt.time)}


def options(opts):
    """The TCP options the listing uses, from scapy's (name, value) list."""
    res = {}
    for name, val in opts:
        if name == "MSS":
            res["mss"] = val
        elif name == "WScale":
            res["ws"] = val
        elif name == "SAckOK":
            res["sackok"] = True
        elif name == "SAck":
            res["sack"] = list(zip(val[::2], val[1::2]))
        elif name == "Timestamp":
            res["tsval"], res["tsecr"] = val
    return res

def flag_str(f):
    s = "".join(c for bit, c in FLAG_BITS if f & bit)
    if f & 0x10:
        s += "."
    return s or "none"


def endpoint(seg, side):
    ip, port = (seg["src"], seg["sport"]) if side == "src" else (seg["dst"], seg["dport"])
    return ("[%s]:%d" if ":" in ip else "%s:%d") % (ip, port)


class Conn:
    """Roles and sequence-number bases for one capture (one 4-tuple, maybe reused)."""

    def __init__(self, pkts, client=None):
        self.pkts = pkts
        if client is None:
            syn = next((p for p in pkts if p["flags"] & 0x12 == 0x02), pkts[0] if pkts else None)
            client = endpoint(syn, "src") if syn else ""
        self.client = client
        self.base = {}
        for p in pkts:
            d = self.dir(p)
            if d not in self.base:
                self.base[d] = p["seq"]
        self.t0 = pkts[0]["ts"] if pkts else 0.0

    def dir(self, p):
        return "C>S" if endpoint(p, "src") == self.client else "S>C"

    def rel(self, p):
        d = self.dir(p)
        other = "S>C" if d == "C>S" else "C>S"
        seq = (p["seq"] - self.base[d]) % 2**32
        ack = (p["ack"] - self.base.get(other, p["ack"])) % 2**32 if p["flags"] & 0x10 else None
        return d, seq, ack

    def line(self, p):
        d, seq, ack = self.rel(p)
        s = "%9.6f %s %-4s seq=%d" % (p["ts"] - self.t0, d, flag_str(p["flags"]), seq)
        s += " ack=%d" % ack if ack is not None else " ack=-"
        s += " len=%d win=%d" % (p["len"], p["win"])
        o = p["opts"]
        if p["flags"] & 0x02:
            s += " isn=%d" % p["seq"]
        if "tsval" in o:
            s += " TS=%d/%d" % (o["tsval"], o["tsecr"])
        else:
            s += " noTS"
        if "sack" in o:
            s += " SACK=" + ",".join("%d-%d" % ((a - self.base.get("S>C" if d == "C>S" else "C>S", a)) % 2**32,
                                                (b - self.base.get("S>C" if d == "C>S" else "C>S", b)) % 2**32)
                                     for a, b in o["sack"])
        return s

    def listing(self):
        return [self.line(p) for p in self.pkts]


def next_seq(pkts, sender):
    """snd_nxt of `sender` as the capture shows it, and the other side's snd_nxt."""
    mine = theirs = None
    for p in pkts:
        end = (p["seq"] + p["len"] + (1 if p["flags"] & 0x03 else 0)) % 2**32
        if endpoint(p, "src") == sender:
            mine = end
        else:
            theirs = end
    return mine, theirs


def fins(conn):
    return [p for p in conn.pkts if p["flags"] & 0x01]


def crossed(conn):
    """True if each side's first FIN was sent before it had seen the other's FIN."""
    cf = next((p for p in fins(conn) if conn.dir(p) == "C>S"), None)
    sf = next((p for p in fins(conn) if conn.dir(p) == "S>C"), None)
    if not cf or not sf:
        return False
    c_fin_end = (cf["seq"] + cf["len"] + 1) % 2**32
    s_fin_end = (sf["seq"] + sf["len"] + 1) % 2**32
    return cf["ack"] != s_fin_end and sf["ack"] != c_fin_end


def ack_of_first_fin(conn, d):
    """The first segment from the other side that acknowledges direction d's first FIN."""
    f = next((p for p in fins(conn) if conn.dir(p) == d), None)
    if not f:
        return None
    end = (f["seq"] + f["len"] + 1) % 2**32
    return next((p for p in conn.pkts if conn.dir(p) != d and p["flags"] & 0x10 and p["ts"] >= f["ts"]
                 and p["ack"] == end), None)


def pure(p):
    return p is not None and not p["len"] and not p["flags"] & 0x07


CHECKS = {
    # name: (what the capture must show, test)
    "client-closes-first": ("the server ACKs the client's FIN with a pure ACK (four-segment close)",
                            lambda c: pure(ack_of_first_fin(c, "C>S"))),
    "client-closes-first-v6": ("the server ACKs the client's FIN with a pure ACK (four-segment close)",
                               lambda c: pure(ack_of_first_fin(c, "C>S"))),
    "client-closes-first-at-server": ("the server ACKs the client's FIN with a pure ACK (four-segment close)",
                                      lambda c: pure(ack_of_first_fin(c, "C>S"))),
    "server-closes-first": ("the client ACKs the server's FIN with a pure ACK (four-segment close)",
                            lambda c: pure(ack_of_first_fin(c, "S>C"))),
    "client-closes-first-fast-peer": ("the ACK of the client's FIN is carried by the server's FIN",
                                      lambda c: bool(ack_of_first_fin(c, "C>S")) and
                                      bool(ack_of_first_fin(c, "C>S")["flags"] & 0x01)),
    "half-close-with-data": ("the ACK of the client's FIN is carried by the server's first data segment",
                             lambda c: bool(ack_of_first_fin(c, "C>S")) and ack_of_first_fin(c, "C>S")["len"] > 0),
    "simultaneous-close": ("the FINs cross (neither FIN acknowledges the other)", lambda c: crossed(c)),
}


def load_events(paths, t0):
    evs = []
    for path in paths:
        if not os.path.exists(path):
            continue
        for ln in open(path):
            ln = ln.strip()
            if ln:
                evs.append(json.loads(ln))
    evs.sort(key=lambda e: e["t0"])
    return evs


def event_line(e, t0):
    step = re.sub(r"/tmp/twlab\.[^/]+/", "", e["step"])
    if step.startswith("exec:"):
        step = "exec " + e["label"]
    s = "%9.6f %s %s" % (e["t0"] - t0, e["role"], step)
    if e.get("t1") is not None and e["t1"] - e["t0"] > 0.005:
        s += " (returned at %.6f)" % (e["t1"] - t0)
    if "error" in e:
        s += " -> " + e["error"]
    elif "bytes" in e:
        s += " -> %d bytes" % e["bytes"]
    elif "state" in e:
        s += " -> " + e["state"]
    elif "peer" in e:
        s += " -> from " + e["peer"]
    return s


MIB_TCP = ("ActiveOpens", "PassiveOpens", "AttemptFails", "EstabResets", "InSegs", "OutSegs",
           "RetransSegs", "InErrs", "OutRsts")


def read_mib(path):
    """Non-zero TCP counters of one namespace at the end of the scenario (/proc/net/snmp, netstat)."""
    res = {}
    lines = open(path).read().splitlines()
    for names, values in zip(lines[::2], lines[1::2]):
        prefix, _, names = names.partition(":")
        _, _, values = values.partition(":")
        if prefix not in ("Tcp", "TcpExt"):
            continue
        for k, v in zip(names.split(), values.split()):
            if prefix == "Tcp" and k not in MIB_TCP:
                continue
            if v != "0":
                res[prefix + "." + k] = int(v)
    return res


def cmd_entry(a):
    import observe
    pkts = read_pcap(a.pcap)
    conn = Conn(pkts, a.client)
    t0 = conn.t0
    evs = load_events(a.log, t0)
    sockopts = {"client": [], "server": []}
    for e in evs:
        for o in e.get("sockopts", []):
            if o not in sockopts[e["role"]]:
                sockopts[e["role"]].append(o)
    evidence = {}
    for e in evs:
        if e["step"].startswith("exec:") and not e["label"].startswith("nft"):
            evidence[e["label"]] = e["output"].splitlines()
    for path in a.evidence or []:
        label = os.path.basename(path).rsplit(".", 1)[0]
        evidence[label] = open(path).read().strip().splitlines()
    sysctls = {}
    for role, path in (("client", a.sysctl_client), ("server", a.sysctl_server)):
        d = {}
        for ln in open(path):
            if "=" in ln:
                k, v = ln.split("=", 1)
                d[k.strip()] = v.strip()
        sysctls[role] = d
    counters = {role: read_mib(path) for role, path in (("client", a.mib_client), ("server", a.mib_server))}
    entry = {
        "name": a.name,
        "file": os.path.basename(a.pcap),
        "description": a.desc,
        "active_closer": a.active,
        "ends_with": a.ends,
        "roles": {"client": a.client, "server": a.server, "A": a.role_a, "B": a.role_b},
        "capture_point": a.capture_point,
        "capture_filter": a.filter,
        "family": "IPv%s" % a.family,
        "kernel": a.kernel,
        "tools": a.tools,
        "sysctls": sysctls,
        "socket_options": sockopts,
        "faults": a.fault or [],
        "observed": "",
        "segments": conn.listing(),
        "app_events": [event_line(e, t0) for e in evs if not e["step"].startswith(("touch:", "waitfile:"))],
        "evidence": evidence,
        "kernel_counters": counters,
    }
    for path in a.extra or []:
        entry.update(json.load(open(path)))
    entry["observed"] = observe.observe(a.name, conn, evs, entry)
    json.dump(entry, sys.stdout, indent=1)
    sys.stdout.write("\n")


def cmd_merge(a):
    entries = {}
    if os.path.exists(a.manifest):
        try:
            for e in json.load(open(a.manifest)).get("captures", []):
                entries[e["name"]] = e
        except ValueError:
            pass
    for path in a.entries:
        e = json.load(open(path))
        entries[e["name"]] = e
    order = a.order.split(",") if a.order else []
    names = sorted(entries, key=lambda n: (order.index(n) if n in order else len(order), n))
    doc = {
        "about": "Real Linux captures of TCP teardown scenarios, written by src/test/lab/capture.sh. "
                 "'segments' lists each TCP segment as: seconds since the first segment, direction "
                 "(C>S client to server, S>C server to client), flags as tcpdump prints them "
                 "(S SYN, F FIN, R RST, P PSH, '.' ACK), sequence and acknowledgment numbers relative "
                 "to the first sequence number each side used in the capture (a reused 4-tuple's new "
                 "SYN therefore shows its ISN relative to the old one), payload length, the window field as sent (not scaled), the "
                 "absolute ISN on SYNs, and the TCP timestamp option TSval/TSecr (noTS if absent). "
                 "'app_events' are the socket calls of the two programs, on the same clock.",
        "captures": [entries[n] for n in names],
    }
    with open(a.manifest + ".tmp", "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(a.manifest + ".tmp", a.manifest)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("segments")
    s.add_argument("pcap")
    n = sub.add_parser("next-seq")
    n.add_argument("pcap")
    n.add_argument("--sender", required=True)
    c = sub.add_parser("check")
    c.add_argument("name")
    c.add_argument("pcap")
    e = sub.add_parser("entry")
    for opt in ("name", "pcap", "desc", "active", "client", "server", "role-a", "role-b",
                "capture-point", "filter", "family", "kernel", "tools", "ends", "sysctl-client", "sysctl-server",
                "mib-client", "mib-server"):
        e.add_argument("--" + opt, required=True)
    e.add_argument("--log", action="append", default=[])
    e.add_argument("--evidence", action="append")
    e.add_argument("--fault", action="append")
    e.add_argument("--extra", action="append")
    m = sub.add_parser("merge")
    m.add_argument("manifest")
    m.add_argument("entries", nargs="*")
    m.add_argument("--order")
    a = ap.parse_args()
    if a.cmd == "segments":
        print("\n".join(Conn(read_pcap(a.pcap)).listing()))
    elif a.cmd == "next-seq":
        mine, theirs = next_seq(read_pcap(a.pcap), a.sender)
        if mine is None or theirs is None:
            sys.exit("no segments from/to %s in %s" % (a.sender, a.pcap))
        print(mine, theirs)
    elif a.cmd == "check":
        what, test = CHECKS.get(a.name, ("", lambda c: True))
        print(what)
        sys.exit(0 if test(Conn(read_pcap(a.pcap))) else 1)
    elif a.cmd == "entry":
        cmd_entry(a)
    elif a.cmd == "merge":
        cmd_merge(a)


if __name__ == "__main__":
    main()
