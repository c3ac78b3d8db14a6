#!/usr/bin/python3
"""Reads the lab's captures (classic pcap, Ethernet) and writes the manifest.

  report.py segments PCAP                 compact listing of the TCP segments
  report.py next-seq PCAP --sender IP:PORT
        prints "SEQ ACK": the sequence number just past the last segment that
        IP:PORT sent (its snd_nxt, i.e. the peer's rcv_nxt) and the one just
        past what the other side sent; used to forge an in-window RST.
  report.py check NAME PCAP               exit 0 if the capture shows what scenario NAME is for
                                          (for the timing-dependent ones; prints what that is)
  report.py entry --name N ... > N.json   one manifest entry (see capture.sh)
  report.py merge MANIFEST ENTRY.json...  replace/add entries, keep the list sorted

No third-party modules: the pcap and TCP parsing is done here so that the
listing in the manifest does not depend on the tshark version.
"""
import argparse
import json
import os
import re
import struct
import sys

FLAG_BITS = [(0x02, "S"), (0x01, "F"), (0x04, "R"), (0x08, "P"), (0x20, "U"), (0x40, "E"), (0x80, "W")]


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return []
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        raise SystemExit("%s: not a classic pcap file" % path)
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    if linktype != 1:
        raise SystemExit("%s: link type %d, expected 1 (Ethernet)" % (path, linktype))
    pkts = []
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack(endian + "IIII", data[off:off + 16])
        off += 16
        frame = data[off:off + incl]
        off += incl
        ts = sec + frac / (1e9 if nano else 1e6)
        seg = parse_frame(frame)
        if seg:
            seg["ts"] = ts
            seg["frame"] = len(pkts) + 1
            pkts.append(seg)
    return pkts


def parse_frame(fr):
    if len(fr) < 14:
        return None
    etype = struct.unpack("!H", fr[12:14])[0]
    p = fr[14:]
    if etype == 0x0800:
        ihl = (p[0] & 0x0F) * 4
        if p[9] != 6:
            return None
        total = struct.unpack("!H", p[2:4])[0]
        src = ".".join(str(b) for b in p[12:16])
        dst = ".".join(str(b) for b in p[16:20])
        tcp = p[ihl:total]
        fam = 4
    elif etype == 0x86DD:
        if p[6] != 6:
            return None
        plen = struct.unpack("!H", p[4:6])[0]
        src = fmt6(p[8:24])
        dst = fmt6(p[24:40])
        tcp = p[40:40 + plen]
        fam = 6
    else:
        return None
    sport, dport, seq, ack, offf, flags, win = struct.unpack("!HHIIBBH", tcp[:16])
    hl = (offf >> 4) * 4
    opts = parse_opts(tcp[20:hl])
    return {"fam": fam, "src": src, "dst": dst, "sport": sport, "dport": dport, "seq": seq,
            "ack": ack, "flags": flags, "win": win, "len": len(tcp) - hl, "opts": opts}


def fmt6(b):
    import ipaddress
    return str(ipaddress.IPv6Address(bytes(b)))


def parse_opts(o):
    res = {}
    i = 0
    while i < len(o):
        kind = o[i]
        if kind == 0:
            break
        if kind == 1:
            i += 1
            continue
        if i + 1 >= len(o):
            break
        ln = o[i + 1]
        body = o[i + 2:i + ln]
        if kind == 2 and ln == 4:
            res["mss"] = struct.unpack("!H", body)[0]
        elif kind == 3 and ln == 3:
            res["ws"] = body[0]
        elif kind == 4:
            res["sackok"] = True
        elif kind == 5:
            res["sack"] = [struct.unpack("!II", body[j:j + 8]) for j in range(0, len(body), 8)]
        elif kind == 8 and ln == 10:
            res["tsval"], res["tsecr"] = struct.unpack("!II", body)
        i += max(ln, 2)
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
