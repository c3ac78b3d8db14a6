#!/usr/bin/env bash
# Capture lab: real Linux captures of TCP teardown scenarios.
#
#   capture.sh --list               list the scenarios
#   capture.sh OUT [SCENARIO...]    run the named scenarios (default: all), write
#                                   OUT/NAME.pcap and merge their entries into OUT/manifest.json
#
# Each scenario gets two fresh network namespaces (client and server) joined by a
# veth pair, its own sysctls and nftables rules, a tcpdump at the client's veth
# (or, for the scenarios in AT_SERVER, at the server's), and two small Python
# programs (peer.py) that make the socket calls.  Everything
# the script starts is ended by PID and its namespaces are deleted on exit (that
# also removes the veths, the rules and any socket left in TIME_WAIT).
#
# It needs iproute2, nftables, tcpdump and python3-scapy, and installs whichever is missing
# with apt-get.  Without root, where `ip netns` does not work, or where a package is
# missing and cannot be installed, it prints one line starting with "capture.sh: SKIPPED"
# and exits 0, so that CI can call it anywhere.
set -u -o pipefail

LAB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3
C4=192.0.2.1 S4=192.0.2.2          # TEST-NET-1: exists only inside the lab's namespaces
C6=2001:db8::1 S6=2001:db8::2      # documentation prefix, likewise
CMAC=02:00:00:00:00:01 SMAC=02:00:00:00:00:02
SPORT=5000                          # server's listening port
CPORT=40000                         # client's source port: its namespace's whole ephemeral range
FILTER=tcp                          # capture filter: only TCP, no ARP / neighbour discovery noise

# name|one line
SCENARIOS=(
  "client-closes-first|client closes first, server closes 0.3 s after reading EOF (four-segment close)"
  "client-closes-first-fast-peer|client closes first, server closes at once on EOF (its FIN carries the ACK)"
  "client-closes-first-v6|as client-closes-first, over IPv6"
  "server-closes-first|server closes first, client closes 0.3 s after reading EOF"
  "simultaneous-close|both call close() at the same instant; FINs cross on the wire"
  "half-close-with-data|client shutdown(SHUT_WR); server sends more data, then closes"
  "lost-fin|client's first FIN dropped once at the server's input; retransmitted"
  "lost-final-ack|client's ACK of the server's FIN dropped once; LAST_ACK retransmits FIN, TIME_WAIT re-ACKs"
  "linger-abort|client sets SO_LINGER {1,0} and closes: RST instead of FIN"
  "close-with-unread-data|client closes with unread received data: RST instead of FIN"
  "rst-in-time-wait-rfc1337-0|in-window RST forged into the client's TIME_WAIT, tcp_rfc1337=0"
  "rst-in-time-wait-rfc1337-1|in-window RST forged into the client's TIME_WAIT, tcp_rfc1337=1"
  "tw-reuse-client|client reconnects from the same port while in TIME_WAIT (tcp_tw_reuse=1)"
  "tw-reuse-client-bind|as tw-reuse-client with tcp_tw_reuse=0, but the client bind()s the port (SO_REUSEADDR)"
  "tw-reuse-server|server closed first; its TIME_WAIT accepts the client's new SYN on the same 4-tuple"
  "keepalive-dead-peer|server silently drops everything; client's keepalive probes go unanswered"
  "orphan-fin-wait-2|client closes, server never does; orphaned FIN_WAIT_2 expires (tcp_fin_timeout=2)"
  "orphan-fin-wait-2-linger2-negative|client with TCP_LINGER2=-1 closes; FIN_WAIT_2 is not kept at all"
  "client-closes-first-at-server|as client-closes-first, captured at the server's veth"
  "lost-fin-before-server|client's first FIN dropped once at the client's output, so the server-side capture never sees it"
  "lost-final-ack-at-server|as lost-final-ack (dropped at the server's input), captured at the server's veth"
)

# The scenarios captured on the server's veth (vs, in the server namespace); all the
# others are captured on the client's (vc).  Recorded in the manifest's capture_point.
AT_SERVER=(client-closes-first-at-server lost-fin-before-server lost-final-ack-at-server)
capture_at() { local s; for s in "${AT_SERVER[@]}"; do [ "$s" = "$1" ] && { echo server; return; }; done; echo client; }

names() { local s; for s in "${SCENARIOS[@]}"; do echo "${s%%|*}"; done; }
is_scenario() { local s; for s in "${SCENARIOS[@]}"; do [ "${s%%|*}" = "$1" ] && return 0; done; return 1; }

usage() {
  echo "usage: $0 --list | $0 OUT_DIR [SCENARIO...]" >&2
  exit 2
}

if [ "${1:-}" = "--list" ]; then
  for s in "${SCENARIOS[@]}"; do printf '%-36s %s\n' "${s%%|*}" "${s#*|}"; done
  exit 0
fi
[ $# -ge 1 ] || usage
case "$1" in -*) usage ;; esac
OUT=$1; shift
if [ $# -eq 0 ]; then mapfile -t RUN < <(names); else RUN=("$@"); fi
for n in "${RUN[@]}"; do
  is_scenario "$n" || { echo "capture.sh: unknown scenario '$n' (see --list)" >&2; exit 2; }
done

skip() { echo "capture.sh: SKIPPED (no capture made): $*"; exit 0; }
log() { echo "capture.sh: $*" >&2; }
[ "$(id -u)" = 0 ] || skip "needs root for network namespaces"

# The Debian packages the lab needs that are not there (python3-scapy reads the captures
# and forges the RSTs; it brings python3 with it).
missing_pkgs() {
  local m=()
  command -v ip >/dev/null 2>&1 || m+=(iproute2)
  command -v nft >/dev/null 2>&1 || m+=(nftables)
  command -v tcpdump >/dev/null 2>&1 || m+=(tcpdump)
  { [ -x "$PY" ] && "$PY" -c 'import scapy.utils, scapy.layers.inet, scapy.layers.inet6, scapy.sendrecv' \
      >/dev/null 2>&1; } || m+=(python3-scapy)
  echo "${m[*]}"
}
MISSING=$(missing_pkgs)
if [ -n "$MISSING" ] && command -v apt-get >/dev/null 2>&1; then
  log "installing $MISSING"
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  { apt-get install -y $MISSING || { apt-get update && apt-get install -y $MISSING; }; } >&2
  MISSING=$(missing_pkgs)
fi
[ -z "$MISSING" ] || skip "needs $MISSING, which could not be installed (apt-get install -y $MISSING)"
PROBE=twlab-probe-$$
ip netns add "$PROBE" 2>/dev/null || skip "'ip netns add' does not work here"
ip netns del "$PROBE"

mkdir -p "$OUT" || exit 1
OUT=$(cd "$OUT" && pwd)
TMP=$(mktemp -d /tmp/twlab.$$.XXXXXX)
PIDS=()        # every background process this script started
NSES=()        # every namespace this script created
KERNEL=$(uname -r)
NCPU=$(nproc 2>/dev/null || echo 1)
TOOLS="$(tcpdump --version 2>&1 | head -1), $(nft --version), $("$PY" --version), scapy $("$PY" -c 'import scapy; print(scapy.VERSION)'), $(ip -V)"

cleanup() {
  local p n
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  for n in "${NSES[@]}"; do ip netns del "$n" 2>/dev/null; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- namespaces
IDX=0
setup_ns() {
  IDX=$((IDX + 1))
  NC=twlab-c-$$-$IDX NS=twlab-s-$$-$IDX
  ip netns add "$NC" && NSES+=("$NC")
  ip netns add "$NS" && NSES+=("$NS")
  ip link add name vc address $CMAC netns "$NC" type veth peer name vs address $SMAC netns "$NS"
  ip -n "$NC" addr add $C4/24 dev vc
  ip -n "$NS" addr add $S4/24 dev vs
  ip -n "$NC" addr add $C6/64 dev vc nodad
  ip -n "$NS" addr add $S6/64 dev vs nodad
  local n
  for n in "$NC" "$NS"; do
    ip -n "$n" link set lo up
    # Software checksums, no TSO/GSO: what the capture shows is what went on the wire.
    if command -v ethtool >/dev/null 2>&1; then
      ip netns exec "$n" ethtool -K "$(ns_if "$n")" tx off >/dev/null 2>&1
    fi
    ip netns exec "$n" nft add table inet lab
    ip netns exec "$n" nft add chain inet lab input '{ type filter hook input priority 0; policy accept; }'
  done
  # The client never bind()s: connect() takes its port from the ephemeral range, which is
  # just CPORT.  (An explicit bind() would change TIME_WAIT reuse; see tw-reuse-client-bind.)
  nsysctl "$NC" net.ipv4.ip_local_port_range="$CPORT $CPORT"
  ip -n "$NC" link set vc up
  ip -n "$NS" link set vs up
  # Pre-fill the neighbour caches so that no ARP/ND delays the first SYN.
  ip -n "$NC" neigh replace $S4 lladdr $SMAC dev vc nud permanent
  ip -n "$NS" neigh replace $C4 lladdr $CMAC dev vs nud permanent
  ip -n "$NC" neigh replace $S6 lladdr $SMAC dev vc nud permanent
  ip -n "$NS" neigh replace $C6 lladdr $CMAC dev vs nud permanent
}
ns_if() { case "$1" in twlab-c-*) echo vc ;; *) echo vs ;; esac; }

teardown_ns() {
  ip netns del "$NC" 2>/dev/null
  ip netns del "$NS" 2>/dev/null
}

nsysctl() {   # nsysctl NS key=value...
  local ns=$1; shift
  ip netns exec "$ns" sysctl -q -w "$@" >/dev/null || log "sysctl $* failed in $ns"
}

SYSCTL_KEYS=(net.ipv4.ip_local_port_range net.ipv4.tcp_timestamps net.ipv4.tcp_sack net.ipv4.tcp_window_scaling net.ipv4.tcp_ecn
  net.ipv4.tcp_early_retrans net.ipv4.tcp_rfc1337 net.ipv4.tcp_tw_reuse net.ipv4.tcp_tw_reuse_delay
  net.ipv4.tcp_fin_timeout net.ipv4.tcp_max_tw_buckets net.ipv4.tcp_keepalive_time
  net.ipv4.tcp_keepalive_intvl net.ipv4.tcp_keepalive_probes net.ipv4.tcp_orphan_retries
  net.ipv4.tcp_retries2)
dump_sysctls() {  # dump_sysctls NS FILE
  local k
  for k in "${SYSCTL_KEYS[@]}"; do
    ip netns exec "$1" sysctl "$k" 2>/dev/null
  done >"$2"
}

# ---------------------------------------------------------------- processes
CAP_PID=
CAP_NS= CAP_IF=                 # where this scenario's capture is taken (set by run_scenario)
start_capture() {   # start_capture NAME
  rm -f "$OUT/$1.pcap"
  ip netns exec "$CAP_NS" tcpdump -i "$CAP_IF" -U --immediate-mode -Z root -w "$OUT/$1.pcap" $FILTER \
    2>"$TMP/$1.tcpdump.err" &
  CAP_PID=$!
  PIDS+=("$CAP_PID")
  local i
  for i in $(seq 100); do
    grep -q "listening on" "$TMP/$1.tcpdump.err" 2>/dev/null && break
    sleep 0.05
  done
  grep -q "listening on" "$TMP/$1.tcpdump.err" || { log "tcpdump did not start: $(cat "$TMP/$1.tcpdump.err")"; return 1; }
  sleep 0.2
}

stop_capture() {
  sleep 0.3
  kill -INT "$CAP_PID" 2>/dev/null
  wait "$CAP_PID" 2>/dev/null
  CAP_PID=
}

# Pin the client to CPU 0 and the server to CPU 1 and run both SCHED_FIFO: on a loaded
# machine a peer that wakes late turns "ACK piggy-backed on the FIN" into a separate
# delayed ACK.  They sleep or block nearly all the time (the one busy-wait, the
# barrier of simultaneous-close, lasts 2 ms), so this takes nothing from other work.
RT=1
cpu() {
  if [ "$NCPU" -ge 2 ] && command -v taskset >/dev/null 2>&1; then echo -n "taskset -c $1 "; fi
  if [ -n "$RT" ] && command -v chrt >/dev/null 2>&1; then echo -n "chrt -f 10"; fi
}

ADDR_C=$C4 ADDR_S=$S4 FAM=4
SERVER_PID=
server_start() {   # server_start STEP...  (in the background; waits until it listens)
  rm -f "$TMP/ready"
  ip netns exec "$NS" $(cpu 1) "$PY" "$LAB/peer.py" run --role server --family $FAM --addr "$ADDR_S" \
    --port $SPORT --log "$TMP/$NAME.server.log" --ready "$TMP/ready" listen "$@" &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  local i
  for i in $(seq 100); do [ -e "$TMP/ready" ] && return 0; sleep 0.02; done
  log "server did not start"; return 1
}

client_run() {     # client_run STEP...  (in the foreground)
  ip netns exec "$NC" $(cpu 0) "$PY" "$LAB/peer.py" run --role client --family $FAM --addr "$ADDR_C" \
    --peer "$ADDR_S" --port $SPORT --log "$TMP/$NAME.client.log" "$@"
}

wait_server() {    # wait_server SECS: let the server finish, else end it
  local i
  for i in $(seq $((${1:-5} * 20))); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  kill "$SERVER_PID" 2>/dev/null
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=
}

evidence() {       # evidence LABEL NS CMD...: keep a command's output for the manifest
  local label=$1 ns=$2; shift 2
  { echo "\$ $*"; ip netns exec "$ns" "$@" 2>&1; } >"$TMP/$NAME.ev/$label.txt"
}

ss_cmd() { echo "ss -tano state all '( sport = :$CPORT or dport = :$CPORT )'"; }
ss_ev() { evidence "$1" "$2" ss -tano state all "( sport = :$CPORT or dport = :$CPORT )"; }

# nft rule in NS's input chain (drop_first) or output chain (drop_first_out): drop only
# the FIRST segment that matches MATCH.  numgen's counter starts at 0 and counts only the
# segments that reach it.
drop_first() {     # drop_first NS MATCH...
  local ns=$1; shift
  ip netns exec "$ns" nft add rule inet lab input "$@" numgen inc mod 1000000 0 counter drop
}
drop_first_cmd() { echo "nft add rule inet lab input $* numgen inc mod 1000000 0 counter drop"; }
drop_first_out() { # drop_first_out NS MATCH...  (adds the output chain, which setup_ns does not)
  local ns=$1; shift
  ip netns exec "$ns" nft add chain inet lab output '{ type filter hook output priority 0; policy accept; }'
  ip netns exec "$ns" nft add rule inet lab output "$@" numgen inc mod 1000000 0 counter drop
}
drop_first_out_cmd() { echo "nft add rule inet lab output $* numgen inc mod 1000000 0 counter drop"; }

# ---------------------------------------------------------------- scenarios
# Each sets DESC, ACTIVE, ROLE_A, ROLE_B and FAULTS, and makes the traffic between
# start_capture and stop_capture (called by run_scenario around it).

common_close_first_by_client() {   # $1: server's delay between EOF and close()
  server_start accept recv send:world recveof sleep:"$1" close
  client_run connect send:hello recv close
  wait_server 5
}

sc_client-closes-first() {
  DESC="Client sends 'hello', server answers 'world', client calls close() (active closer A); the server reads EOF and calls close() 0.3 s later, well after its delayed ACK of the FIN has gone out, so the close has four segments. Both sides idle otherwise. The capture ends with the client in TIME_WAIT (Linux keeps it 60 s; not waited for)."
  ACTIVE=client ROLE_A=client ROLE_B=server
  ENDS="client in TIME_WAIT (60 s on Linux, not waited for); server CLOSED"
  common_close_first_by_client 0.3
}

sc_client-closes-first-fast-peer() {
  DESC="As client-closes-first, but the server calls close() as soon as recv() returns EOF, before its delayed-ACK timer fires: the server's FIN carries the ACK of the client's FIN (three-segment close). The capture ends with the client in TIME_WAIT."
  ACTIVE=client ROLE_A=client ROLE_B=server
  ENDS="client in TIME_WAIT (60 s on Linux, not waited for); server CLOSED"
  common_close_first_by_client 0
}

sc_client-closes-first-v6() {
  DESC="As client-closes-first (server closes 0.3 s after EOF), over IPv6 (2001:db8::1 -> 2001:db8::2). The capture ends with the client in TIME_WAIT."
  ACTIVE=client ROLE_A=client ROLE_B=server
  ENDS="client in TIME_WAIT (60 s on Linux, not waited for); server CLOSED"
  ADDR_C=$C6 ADDR_S=$S6 FAM=6
  common_close_first_by_client 0.3
}

sc_server-closes-first() {
  DESC="Client sends 'hello', server answers 'world' and calls close() at once (active closer A); the client reads EOF and calls close() 0.3 s later. The capture ends with the server in TIME_WAIT (60 s on Linux; not waited for)."
  ACTIVE=server ROLE_A=server ROLE_B=client
  ENDS="server in TIME_WAIT (60 s on Linux, not waited for); client CLOSED"
  server_start accept recv send:world close
  client_run connect send:hello recv recveof sleep:0.3 close
  wait_server 5
}

sc_simultaneous-close() {
  DESC="After one request/answer both programs wait at a shared barrier (a file holding an instant 0.3 s ahead; the client runs on CPU 0, the server on CPU 1, both SCHED_FIFO, and both busy-wait the last 2 ms) and call close() at that instant, so each FIN leaves before the other side's FIN has arrived: both sides go FIN_WAIT_1 -> CLOSING -> TIME_WAIT. The script checks in the capture that the FINs crossed (neither FIN acknowledges the other) and repeats the scenario up to 8 times until they do. The capture ends with both sides in TIME_WAIT."
  ACTIVE=both ROLE_A="client and server" ROLE_B="client and server"
  ENDS="both in TIME_WAIT (60 s on Linux, not waited for)"
  rm -f "$TMP/barrier"
  server_start accept recv send:world barrier:"$TMP/barrier":0.3 close
  client_run connect send:hello recv barrier:"$TMP/barrier":0.3 close
  wait_server 5
}

sc_half-close-with-data() {
  DESC="Client sends a request and calls shutdown(SHUT_WR) (A; it can still receive). The server reads EOF, sends 'part1' at once (that segment acknowledges the client's FIN), 'part2' 0.2 s later, then calls close() (B). The client reads until EOF and calls close(). The capture ends with the client in TIME_WAIT."
  ACTIVE=client ROLE_A=client ROLE_B=server
  ENDS="client in TIME_WAIT (60 s on Linux, not waited for); server CLOSED"
  server_start accept recveof send:part1 sleep:0.2 send:part2 sleep:0.1 close
  client_run connect send:request shutwr state recveof state close
  wait_server 5
}

sc_lost-fin() {
  DESC="As client-closes-first (server closes 0.3 s after EOF), but the server's nftables input hook drops the first FIN from the client. The capture (client side) shows the dropped FIN and its retransmission. The capture ends with the client in TIME_WAIT."
  ACTIVE=client ROLE_A=client ROLE_B=server
  ENDS="client in TIME_WAIT (60 s on Linux, not waited for); server CLOSED"
  drop_first "$NS" ip saddr $C4 tcp sport $CPORT tcp flags \& fin == fin
  FAULTS+=("server input: first segment from the client with FIN set dropped (rule: $(drop_first_cmd ip saddr $C4 tcp sport $CPORT tcp flags \& fin == fin)); the capture point is before the drop, so the segment is in the capture")
  common_close_first_by_client 0.3
}

sc_lost-final-ack() {
  DESC="Client closes first; the server reads EOF, waits 0.3 s, installs a rule that drops the next pure ACK from the client at its input, and calls close(). The client's ACK of the server's FIN (the last segment of the close) is lost, so the server in LAST_ACK retransmits its FIN and the client in TIME_WAIT acknowledges it again. The capture ends with the client in TIME_WAIT."
  ACTIVE=client ROLE_A=client ROLE_B=server
  ENDS="client in TIME_WAIT (60 s on Linux, not waited for, restarted by the retransmitted FIN); server CLOSED"
  local rule
  rule=$(drop_first_cmd ip saddr $C4 tcp sport $CPORT tcp flags == ack)
  FAULTS+=("server input: the first pure ACK (flags == ACK) from the client after the server called close(), i.e. the ACK of the server's FIN, dropped (rule added just before close(): $rule); in the capture, since the capture point is before the drop")
  server_start accept recv send:world recveof sleep:0.3 "exec:nft-drop:$rule" close
  client_run connect send:hello recv close
  wait_server 5
}

sc_linger-abort() {
  DESC="After one request/answer the client sets SO_LINGER {l_onoff=1, l_linger=0} and calls close(): the connection is aborted with a RST and the client goes straight to CLOSED (no TIME_WAIT). The server's blocking recv() fails with ECONNRESET and it closes (nothing more on the wire)."
  ACTIVE="client (abort)" ROLE_A=client ROLE_B=server
  ENDS="both CLOSED, no TIME_WAIT anywhere"
  server_start accept recv send:world recveof close
  client_run connect send:hello recv linger:0 close
  wait_server 5
}

sc_close-with-unread-data() {
  DESC="The server answers 'world' but the client never reads it and calls close() 0.1 s later: with unread data in its receive queue Linux aborts (RFC 2525) with a RST instead of a FIN. The server's recv() fails with ECONNRESET."
  ACTIVE="client (abort)" ROLE_A=client ROLE_B=server
  ENDS="both CLOSED, no TIME_WAIT anywhere"
  server_start accept recv send:world recveof close
  client_run connect send:hello sleep:0.1 close
  wait_server 5
}

rst_in_tw() {      # rst_in_tw 0|1
  local v=$1
  DESC="Client closes first and is left in TIME_WAIT (server closes 0.3 s after EOF and goes to CLOSED). 0.3 s later the script forges, from the server's namespace with scapy (sent through a raw IP socket), a bare RST (no ACK flag, no options) whose sequence number is exactly the client's rcv_nxt (server's FIN + 1): an in-window RST that a TIME_WAIT socket accepts. The client's namespace has tcp_rfc1337=$v. After the RST the script lists the client's sockets with ss, stops the capture, and then (not in the capture) lets the client connect again; its namespace's ephemeral port range is the single port $CPORT and tcp_tw_reuse=0, so connect() fails with EADDRNOTAVAIL if the TIME_WAIT socket is still there and succeeds if the RST killed it."
  ACTIVE=client ROLE_A=client ROLE_B=server
  ENDS="server CLOSED; client in TIME_WAIT unless the RST killed it (see observed)"
  nsysctl "$NC" net.ipv4.tcp_rfc1337=$v net.ipv4.tcp_tw_reuse=0
  server_start accept recv send:world recveof sleep:0.3 close accept:3 recveof close
  client_run connect send:hello recv close
  sleep 0.6
  ss_ev ss_before_rst "$NC"
  ip netns exec "$NS" "$PY" "$LAB/peer.py" rst --src $S4 --sport $SPORT --dst $C4 --dport $CPORT \
    --seq-from "$OUT/$NAME.pcap" --flags R >"$TMP/$NAME.ev/rst_injected.txt" || return 1
  set -- "$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["rst"]["seq"])' "$TMP/$NAME.ev/rst_injected.txt")"
  FAULTS+=("injected from the server's namespace (scapy, raw IP socket): RST, seq=$1 (= the client's rcv_nxt, server FIN + 1), ack=0, no ACK flag, no TCP options, into the client's TIME_WAIT socket")
  sleep 0.3
  ss_ev ss_after_rst "$NC"
  STOP_EARLY=1
  stop_capture
  client_run ~connect:2 ~close
  wait_server 5
}
sc_rst-in-time-wait-rfc1337-0() { rst_in_tw 0; }
sc_rst-in-time-wait-rfc1337-1() { rst_in_tw 1; }

sc_tw-reuse-client() {
  DESC="Client closes first (TIME_WAIT on the client), the server closes 0.3 s after EOF. 1.5 s later (tcp_tw_reuse_delay is 1000 ms) the client, with tcp_tw_reuse=1 and timestamps on, connects again; its ephemeral port range is the single port $CPORT, so connect() must take the port of its own TIME_WAIT socket: Linux reuses the TIME_WAIT 4-tuple; the new SYN's ISN is derived from the old connection (old snd_nxt + 65537) and its TSecr carries the old ts_recent. The second connection does one request/answer and the client closes first again; the capture ends with the client in TIME_WAIT."
  ACTIVE=client ROLE_A=client ROLE_B=server
  ENDS="second connection: client in TIME_WAIT (60 s, not waited for); server CLOSED"
  nsysctl "$NC" net.ipv4.tcp_tw_reuse=1 net.ipv4.tcp_timestamps=1
  server_start accept recv send:world recveof sleep:0.3 close accept:5 recv send:again recveof sleep:0.3 close
  client_run connect send:hello recv close sleep:1.5 \
    "exec:ss_before_reconnect:$(ss_cmd)" connect send:hello2 recv close
  wait_server 5
}

sc_tw-reuse-client-bind() {
  DESC="As tw-reuse-client but with tcp_tw_reuse=0, and the client reconnects 0.8 s after its close (less than tcp_tw_reuse_delay) with SO_REUSEADDR and an explicit bind() to port $CPORT before connect(); the first connection's socket also had SO_REUSEADDR (a TIME_WAIT socket only lets the port be bound again if it had). Linux lets such a connect() take over the TIME_WAIT 4-tuple whenever the old connection used timestamps, whatever tcp_tw_reuse says (tcp_twsk_unique is called without a timewait pointer for a bound port). The capture ends with the client in TIME_WAIT."
  ACTIVE=client ROLE_A=client ROLE_B=server
  ENDS="second connection: client in TIME_WAIT (60 s, not waited for); server CLOSED"
  nsysctl "$NC" net.ipv4.tcp_tw_reuse=0 net.ipv4.tcp_timestamps=1
  server_start accept recv send:world recveof sleep:0.3 close accept:5 recv send:again recveof sleep:0.3 close
  client_run reuseaddr bind:$CPORT connect send:hello recv close sleep:0.8 \
    "exec:ss_before_reconnect:$(ss_cmd)" reuseaddr bind:$CPORT connect send:hello2 recv close
  wait_server 5
}

sc_tw-reuse-server() {
  DESC="Server closes first and is left in TIME_WAIT; the client closes 0.3 s after EOF and goes to CLOSED. 0.5 s later the client connects again from the same source port (its ephemeral range is the single port $CPORT) to the still-listening server: the SYN hits the server's TIME_WAIT socket, which accepts it because its timestamp is newer (RFC 6191) / its sequence number is above rcv_nxt, and the server's SYN-ACK ISN is derived from the old connection (old snd_nxt + 65537). The second connection does one request/answer, the client closes first; the capture ends with the client in TIME_WAIT."
  ACTIVE=server ROLE_A=server ROLE_B=client
  ENDS="second connection: client in TIME_WAIT (60 s, not waited for); server CLOSED"
  server_start accept recv send:world close sleep:0.5 "exec:ss_server_before_reconnect:$(ss_cmd)" \
    accept:5 recv send:again recveof sleep:0.3 close
  client_run connect send:hello recv recveof sleep:0.3 close sleep:0.5 \
    connect send:hello2 recv close
  wait_server 5
}

sc_keepalive-dead-peer() {
  DESC="Client enables keepalive (TCP_KEEPIDLE=1, TCP_KEEPINTVL=1, TCP_KEEPCNT=3) and, after one request/answer, waits in recv(). 0.3 s after answering, the server's namespace starts to drop every segment from the client at its input (the server itself stays ESTABLISHED and silent). The client sends keepalive probes 1 s apart, gets no answer, and after the third unanswered probe gives up: recv() fails with ETIMEDOUT. Nobody calls close() before that."
  ACTIVE="none (client times out)" ROLE_A=client ROLE_B=server
  ENDS="client CLOSED (gave up, ETIMEDOUT); server still ESTABLISHED and unaware (its namespace is deleted after the capture)"
  local rule="nft add rule inet lab input ip saddr $C4 tcp sport $CPORT counter drop"
  FAULTS+=("server input: every segment from the client dropped from 0.3 s after the server's answer on (rule: $rule); the dropped segments are in the capture")
  server_start accept recv send:world sleep:0.3 "exec:nft-dead:$rule" sleep:8
  client_run keepalive:1,1,3 connect send:hello recv recveof:10 close
  STOP_BEFORE_SERVER_END=1
}

sc_orphan-fin-wait-2() {
  DESC="Client (tcp_fin_timeout=2 in its namespace) sends a request, reads the answer and calls close(): the server ACKs the FIN but never calls close() (it stays in CLOSE_WAIT), so the client's orphaned socket sits in FIN_WAIT_2. The script lists the client's sockets at 1 s and at 3.5 s; 4 s after the FIN the server sends 'late' data, which no longer finds a socket on the client."
  ACTIVE=client ROLE_A=client ROLE_B=server
  ENDS="client: no socket (the orphaned FIN_WAIT_2 expired); server CLOSED by the client's RST"
  nsysctl "$NC" net.ipv4.tcp_fin_timeout=2
  server_start accept recv send:world recveof sleep:1 "exec:ss_client_at_1s:ip netns exec $NC $(ss_cmd)" \
    sleep:2.5 "exec:ss_client_at_3.5s:ip netns exec $NC $(ss_cmd)" sleep:0.5 send:late sleep:0.3 \
    state ~recv close
  client_run connect send:hello recv close
  wait_server 8
}

sc_orphan-fin-wait-2-linger2-negative() {
  DESC="Client sets TCP_LINGER2=-1 (no FIN_WAIT_2 lingering) and calls close() after one request/answer; the server never calls close(). When the server's ACK of the client's FIN arrives, the orphaned client socket would enter FIN_WAIT_2; instead Linux destroys it at once. The server sends 'late' data 1 s later."
  ACTIVE=client ROLE_A=client ROLE_B=server
  ENDS="client: no socket (destroyed on entering FIN_WAIT_2); server CLOSED by the client's RST"
  server_start accept recv send:world recveof sleep:0.3 "exec:ss_client_at_0.3s:ip netns exec $NC $(ss_cmd)" \
    sleep:0.7 send:late sleep:0.3 state ~recv close
  client_run linger2:-1 connect send:hello recv close
  wait_server 5
}

# The scenarios captured at the server's veth (see AT_SERVER): the same programs and
# faults as the ones they are named after, except where the fault has to move for the
# server-side capture to miss the lost segment (lost-fin-before-server).

sc_client-closes-first-at-server() {
  DESC="As client-closes-first (client closes first, the server calls close() 0.3 s after reading EOF, four-segment close), but captured on the server's veth (vs, in the server namespace): the server's segments as it sends them, the client's as they reach the server. The capture ends with the client in TIME_WAIT."
  ACTIVE=client ROLE_A=client ROLE_B=server
  ENDS="client in TIME_WAIT (60 s on Linux, not waited for); server CLOSED"
  common_close_first_by_client 0.3
}

sc_lost-fin-before-server() {
  DESC="As client-closes-first (server closes 0.3 s after EOF), captured on the server's veth, with the client's first FIN dropped by a rule in the client's nftables output hook: the FIN never reaches the wire, so no capture sees it, and the client sends it again later. (A rule at the server's input, as in lost-fin, drops the FIN after a server-side capture has seen it.) The capture ends with the client in TIME_WAIT."
  ACTIVE=client ROLE_A=client ROLE_B=server
  ENDS="client in TIME_WAIT (60 s on Linux, not waited for); server CLOSED"
  drop_first_out "$NC" ip daddr $S4 tcp dport $SPORT tcp flags \& fin == fin
  FAULTS+=("client output: first segment to the server with FIN set dropped (rule: $(drop_first_out_cmd ip daddr $S4 tcp dport $SPORT tcp flags \& fin == fin)); the output hook comes before the client's interface, so the segment never goes on the wire and is not in this (server-side) capture")
  common_close_first_by_client 0.3
}

sc_lost-final-ack-at-server() {
  DESC="As lost-final-ack (the server drops, at its nftables input hook, the client's ACK of the server's FIN; LAST_ACK retransmits its FIN and TIME_WAIT acknowledges it again), but captured on the server's veth. The dropped ACK reaches the server's interface before the rule drops it. The capture ends with the client in TIME_WAIT."
  ACTIVE=client ROLE_A=client ROLE_B=server
  ENDS="client in TIME_WAIT (60 s on Linux, not waited for, restarted by the retransmitted FIN); server CLOSED"
  local rule
  rule=$(drop_first_cmd ip saddr $C4 tcp sport $CPORT tcp flags == ack)
  FAULTS+=("server input: the first pure ACK (flags == ACK) from the client after the server called close(), i.e. the ACK of the server's FIN, dropped (rule added just before close(): $rule); the capture, on the server's interface, is taken before netfilter's input hook, so the dropped ACK is in it (see observed)")
  server_start accept recv send:world recveof sleep:0.3 "exec:nft-drop:$rule" close
  client_run connect send:hello recv close
  wait_server 5
}

# ---------------------------------------------------------------- driver
json_str() { "$PY" -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$1"; }

run_scenario() {   # run_scenario NAME [ATTEMPT]
  NAME=$1
  DESC= ACTIVE= ENDS= ROLE_A= ROLE_B= FAULTS=() STOP_EARLY= STOP_BEFORE_SERVER_END=
  ADDR_C=$C4 ADDR_S=$S4 FAM=4
  rm -rf "$TMP/$NAME".*
  mkdir -p "$TMP/$NAME.ev"
  setup_ns || return 1
  if [ "$(capture_at "$NAME")" = server ]; then CAP_NS=$NS CAP_IF=vs; else CAP_NS=$NC CAP_IF=vc; fi
  start_capture "$NAME" || { teardown_ns; return 1; }
  "sc_$NAME"
  local rc=$?
  [ -n "$CAP_PID" ] && stop_capture
  if [ -n "$STOP_BEFORE_SERVER_END" ]; then wait_server 0; fi
  ip netns exec "$NS" nft list ruleset >"$TMP/$NAME.nft" 2>&1
  ip netns exec "$NC" nft list ruleset >"$TMP/$NAME.client.nft" 2>&1
  # Keep the ruleset (with its counters: how many segments were dropped) where a scenario added rules.
  grep -q counter "$TMP/$NAME.nft" && cp "$TMP/$NAME.nft" "$TMP/$NAME.ev/nft_server_at_end.txt"
  grep -q counter "$TMP/$NAME.client.nft" && cp "$TMP/$NAME.client.nft" "$TMP/$NAME.ev/nft_client_at_end.txt"
  ip netns exec "$NC" cat /proc/net/snmp /proc/net/netstat >"$TMP/$NAME.mib.client"
  ip netns exec "$NS" cat /proc/net/snmp /proc/net/netstat >"$TMP/$NAME.mib.server"
  dump_sysctls "$NC" "$TMP/$NAME.sysctl.client"
  dump_sysctls "$NS" "$TMP/$NAME.sysctl.server"
  teardown_ns
  return $rc
}

record() {         # record NAME: write the manifest entry
  local f args=()
  for f in "${FAULTS[@]}"; do args+=(--fault "$f"); done
  for f in "$TMP/$NAME.ev"/*.txt; do [ -e "$f" ] && args+=(--evidence "$f"); done
  [ -e "$TMP/$NAME.extra.json" ] && args+=(--extra "$TMP/$NAME.extra.json")
  local cport=$CPORT at addr
  at=$(capture_at "$NAME")
  if [ "$at" = server ]; then addr=$ADDR_S; else addr=$ADDR_C; fi
  "$PY" "$LAB/report.py" entry --name "$NAME" --pcap "$OUT/$NAME.pcap" --desc "$DESC" \
    --active "$ACTIVE" --client "$(hostport "$ADDR_C" $cport)" --server "$(hostport "$ADDR_S" $SPORT)" \
    --role-a "$ROLE_A" --role-b "$ROLE_B" --capture-point "$at namespace, interface $CAP_IF ($addr), both directions, before netfilter" \
    --filter "$FILTER" --family $FAM --kernel "$KERNEL" --tools "$TOOLS" --ends "$ENDS" \
    --sysctl-client "$TMP/$NAME.sysctl.client" --sysctl-server "$TMP/$NAME.sysctl.server" \
    --mib-client "$TMP/$NAME.mib.client" --mib-server "$TMP/$NAME.mib.server" \
    --log "$TMP/$NAME.client.log" --log "$TMP/$NAME.server.log" "${args[@]}" >"$TMP/$NAME.entry.json"
}
hostport() { case "$1" in *:*) echo "[$1]:$2" ;; *) echo "$1:$2" ;; esac; }

ORDER=$(names | paste -sd, -)
FAILED=()
for n in "${RUN[@]}"; do
  log "scenario $n"
  # A scenario whose point depends on timing (see report.py check) is run again,
  # up to TRIES times, until its capture shows that point.
  tries=3; [ "$n" = simultaneous-close ] && tries=8
  ok= bad=
  for try in $(seq $tries); do
    run_scenario "$n" || { bad=1; break; }
    what=$("$PY" "$LAB/report.py" check "$n" "$OUT/$n.pcap") && { ok=1; break; }
    log "  attempt $try: the capture does not show: $what; again"
  done
  [ -n "$bad" ] && { log "scenario $n failed"; FAILED+=("$n"); continue; }
  [ -n "$ok" ] || log "  WARNING: after $tries attempts the capture still does not show: $what"
  printf '{"check": %s, "check_passed": %s, "attempts": %d}\n' "$(json_str "$what")" \
    "$([ -n "$ok" ] && echo true || echo false)" "$try" >"$TMP/$n.extra.json"
  record "$n" || { log "could not record $n"; FAILED+=("$n"); continue; }
  "$PY" "$LAB/report.py" merge "$OUT/manifest.json" "$TMP/$n.entry.json" --order "$ORDER"
  log "  $(grep -c . <("$PY" "$LAB/report.py" segments "$OUT/$n.pcap")) segments -> $OUT/$n.pcap"
done
if [ ${#FAILED[@]} -gt 0 ]; then log "FAILED: ${FAILED[*]}"; exit 1; fi
log "done: ${#RUN[@]} scenario(s) in $OUT"
