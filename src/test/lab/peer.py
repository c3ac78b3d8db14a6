#!/usr/bin/python3
"""One endpoint of a capture-lab scenario, or a RST injector (scapy).

Runs inside a network namespace (capture.sh starts it with `ip netns exec`).

  peer.py run --role client|server --family 4|6 --addr IP --port P --log FILE STEP...
  peer.py rst --src IP --sport P --dst IP --dport P (--seq N | --seq-from PCAP) [--ack N] [--flags R|RA]

`run` executes the STEPs in order on one TCP socket (the listening socket and
the accepted connection for a server) and appends one JSON line per step to
the log: wall-clock time before (t0) and after (t1) the call, the step, and
its result or errno.  capture.sh turns the log into the manifest's
"app_events" so that every close()/shutdown() can be lined up with the
segments of the capture (both use the same realtime clock).

Steps (one argv item each; a leading '~' means "a failure here is expected:
log it and go on"):
  listen                 bind ADDR:PORT (SO_REUSEADDR) and listen; touches --ready
  accept[:SECS]          accept one connection (timeout SECS)
  reuseaddr              SO_REUSEADDR on the (next) connection socket
  bind:PORT              bind the connection socket to ADDR-of-this-side:PORT
  connect[:SECS]         connect to --peer:--port
  keepalive:I,N,C        SO_KEEPALIVE=1, TCP_KEEPIDLE=I, TCP_KEEPINTVL=N, TCP_KEEPCNT=C
  linger:S               SO_LINGER {on, S}
  linger2:S              TCP_LINGER2 = S (may be negative)
  send:TEXT              send TEXT (ASCII)
  recv                   one recv(), logs the byte count (0 = EOF)
  recveof[:SECS]         recv until EOF (or an error such as ECONNRESET / ETIMEDOUT)
  shutwr                 shutdown(SHUT_WR)
  close                  close() the connection socket
  closelisten            close() the listening socket
  state                  log the kernel's TCP state of the connection socket (TCP_INFO)
  sleep:S                sleep S seconds
  barrier:FILE:DELAY     first peer to arrive writes now+DELAY into FILE; both then
                         busy-wait until that instant (for a simultaneous close)
  touch:FILE / waitfile:FILE[:SECS]
  exec:LABEL:CMD         run CMD with /bin/sh, log its output under LABEL
"""
import argparse
import errno
import json
import logging
import os
import socket
import struct
import subprocess
import sys
import time

TCP_STATES = {1: "ESTABLISHED", 2: "SYN_SENT", 3: "SYN_RECV", 4: "FIN_WAIT1", 5: "FIN_WAIT2",
              6: "TIME_WAIT", 7: "CLOSE", 8: "CLOSE_WAIT", 9: "LAST_ACK", 10: "LISTEN",
              11: "CLOSING"}


class Peer:
    def __init__(self, args):
        self.a = args
        self.fam = socket.AF_INET6 if args.family == "6" else socket.AF_INET
        self.lsock = None
        self.sock = None
        self.logf = open(args.log, "a", buffering=1)

    def log(self, t0, step, **kw):
        rec = {"t0": round(t0, 6), "t1": round(time.time(), 6), "role": self.a.role, "step": step}
        rec.update(kw)
        self.logf.write(json.dumps(rec) + "\n")

    def conn(self):
        if self.sock is None:
            self.sock = socket.socket(self.fam, socket.SOCK_STREAM)
        return self.sock

    def step(self, raw):
        kind, _, arg = raw.partition(":")
        t0 = time.time()
        extra = {}
        if kind == "listen":
            s = socket.socket(self.fam, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((self.a.addr, self.a.port))
            s.listen(8)
            self.lsock = s
            if self.a.ready:
                open(self.a.ready, "w").close()
            extra["sockopts"] = ["SO_REUSEADDR=1 (listener)"]
        elif kind == "accept":
            self.lsock.settimeout(float(arg) if arg else 10.0)
            c, addr = self.lsock.accept()
            c.settimeout(None)
            self.sock = c
            extra["peer"] = "%s:%d" % addr[:2]
        elif kind == "reuseaddr":
            self.conn().setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            extra["sockopts"] = ["SO_REUSEADDR=1"]
        elif kind == "bind":
            self.conn().bind((self.a.addr, int(arg)))
        elif kind == "connect":
            s = self.conn()
            s.settimeout(float(arg) if arg else 5.0)
            s.connect((self.a.peer, self.a.port))
            s.settimeout(None)
            extra["local"] = "%s:%d" % s.getsockname()[:2]
        elif kind == "keepalive":
            idle, intvl, cnt = (int(x) for x in arg.split(","))
            s = self.conn()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, idle)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, intvl)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, cnt)
            extra["sockopts"] = ["SO_KEEPALIVE=1", "TCP_KEEPIDLE=%d" % idle,
                                 "TCP_KEEPINTVL=%d" % intvl, "TCP_KEEPCNT=%d" % cnt]
        elif kind == "linger":
            self.conn().setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, int(arg)))
            extra["sockopts"] = ["SO_LINGER={l_onoff=1,l_linger=%d}" % int(arg)]
        elif kind == "linger2":
            self.conn().setsockopt(socket.IPPROTO_TCP, socket.TCP_LINGER2, int(arg))
            extra["sockopts"] = ["TCP_LINGER2=%d" % int(arg)]
        elif kind == "send":
            extra["bytes"] = self.sock.send(arg.encode())
        elif kind == "recv":
            extra["bytes"] = len(self.sock.recv(65536))
        elif kind == "recveof":
            self.sock.settimeout(float(arg) if arg else 30.0)
            total = 0
            while True:
                b = self.sock.recv(65536)
                if not b:
                    break
                total += len(b)
            self.sock.settimeout(None)
            extra["bytes"] = total
        elif kind == "shutwr":
            self.sock.shutdown(socket.SHUT_WR)
        elif kind == "close":
            self.sock.close()
            self.sock = None
        elif kind == "closelisten":
            self.lsock.close()
            self.lsock = None
        elif kind == "state":
            info = self.sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)
            extra["state"] = TCP_STATES.get(info[0], str(info[0]))
        elif kind == "sleep":
            time.sleep(float(arg))
        elif kind == "barrier":
            path, _, delay = arg.partition(":")
            try:
                fd = os.open(path + ".tmp%d" % os.getpid(), os.O_WRONLY | os.O_CREAT | os.O_EXCL)
                os.write(fd, ("%.6f" % (time.time() + float(delay))).encode())
                os.close(fd)
                os.link(path + ".tmp%d" % os.getpid(), path)  # atomic: first one wins
            except FileExistsError:
                pass
            finally:
                try:
                    os.unlink(path + ".tmp%d" % os.getpid())
                except FileNotFoundError:
                    pass
            target = float(open(path).read())
            while time.time() < target - 0.002:
                time.sleep(0.0005)
            while time.time() < target:
                pass
            extra["target"] = target
        elif kind == "touch":
            open(arg, "w").close()
        elif kind == "waitfile":
            path, _, secs = arg.partition(":")
            end = time.time() + (float(secs) if secs else 10.0)
            while not os.path.exists(path):
                if time.time() > end:
                    raise TimeoutError("waitfile " + path)
                time.sleep(0.01)
        elif kind == "exec":
            label, _, cmd = arg.partition(":")
            p = subprocess.run(cmd, shell=True, capture_output=True, text=True)
            extra["label"] = label
            extra["cmd"] = cmd
            extra["output"] = (p.stdout + p.stderr).strip()
            extra["rc"] = p.returncode
        else:
            raise SystemExit("peer.py: unknown step " + raw)
        self.log(t0, raw, **extra)

    def run(self, steps):
        for raw in steps:
            optional = raw.startswith("~")
            if optional:
                raw = raw[1:]
            try:
                self.step(raw)
            except (OSError, TimeoutError) as e:
                name = errno.errorcode.get(e.errno, "") if getattr(e, "errno", None) else type(e).__name__
                self.log(time.time(), raw, error=name or type(e).__name__, message=str(e))
                if not optional:
                    return 1
        return 0


def send_rst(a):
    """Send one bare TCP RST (no options, window 0) built and sent by scapy."""
    logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
    from scapy.layers.inet import IP, TCP
    from scapy.layers.inet6 import IPv6, L3RawSocket6
    from scapy.sendrecv import send
    from scapy.supersocket import L3RawSocket
    v6 = ":" in a.src
    if a.seq is None:
        # In one process with the sending, so that scapy is loaded once and the RST leaves
        # as soon after the capture's last segment as before.
        import report
        a.seq, _ = report.next_seq(report.read_pcap(a.seq_from), ("[%s]:%d" if v6 else "%s:%d") % (a.src, a.sport))
        if a.seq is None:
            raise SystemExit("peer.py: no segment from %s:%d in %s" % (a.src, a.sport, a.seq_from))
    net = IPv6(src=a.src, dst=a.dst) if v6 else IP(src=a.src, dst=a.dst)
    pkt = net / TCP(sport=a.sport, dport=a.dport, seq=a.seq, ack=a.ack, flags=a.flags, window=0)
    # A raw IP socket, not scapy's default packet socket: the kernel routes the segment and
    # takes the peer's MAC from its (pre-filled) neighbour table, so scapy sends no ARP/ND.
    sock = L3RawSocket6() if v6 else L3RawSocket()
    try:
        send(pkt, socket=sock, verbose=False)
    finally:
        sock.close()
    print(json.dumps({"t": round(time.time(), 6), "rst": {"src": "%s:%d" % (a.src, a.sport),
                      "dst": "%s:%d" % (a.dst, a.dport), "seq": a.seq, "ack": a.ack, "flags": a.flags}}))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--role", required=True)
    r.add_argument("--family", default="4", choices=["4", "6"])
    r.add_argument("--addr", required=True, help="this side's address")
    r.add_argument("--peer", help="the server's address (client only)")
    r.add_argument("--port", type=int, required=True, help="the server's port")
    r.add_argument("--log", required=True)
    r.add_argument("--ready")
    r.add_argument("steps", nargs="+")
    x = sub.add_parser("rst")
    x.add_argument("--src", required=True)
    x.add_argument("--sport", type=int, required=True)
    x.add_argument("--dst", required=True)
    x.add_argument("--dport", type=int, required=True)
    seq = x.add_mutually_exclusive_group(required=True)
    seq.add_argument("--seq", type=int)
    seq.add_argument("--seq-from", metavar="PCAP",
                     help="seq = just past the last segment that --src:--sport sent in PCAP (the peer's rcv_nxt)")
    x.add_argument("--ack", type=int, default=0)
    x.add_argument("--flags", default="R", choices=["R", "RA"])
    a = ap.parse_args()
    if a.cmd == "run":
        sys.exit(Peer(a).run(a.steps))
    send_rst(a)


if __name__ == "__main__":
    main()
