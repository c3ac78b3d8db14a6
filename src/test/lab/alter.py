#!/usr/bin/python3
"""Makes altered copies of a capture for conform's tests: one segment's sequence number or flags
changed, everything else as captured. Uses scapy to read and write the pcap.

usage: alter.py IN.pcap OUT.pcap FRAME (seq+N | flags=STRING)
FRAME counts from 1, as tshark does."""
import sys
from scapy.all import rdpcap, wrpcap, TCP, IP, IPv6


def main():
    src, dst, frame, change = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    packets = list(rdpcap(src))
    p = packets[frame - 1]
    tcp = p[TCP]
    if change.startswith("seq+"):
        tcp.seq = (tcp.seq + int(change[4:])) % (1 << 32)
    elif change.startswith("flags="):
        tcp.flags = change[6:]
    else:
        sys.exit("alter.py: expected seq+N or flags=STRING, got " + change)
    del tcp.chksum  # let scapy compute the checksum of the altered segment
    if p.haslayer(IP):
        del p[IP].chksum
    rebuilt = p.__class__(bytes(p))
    rebuilt.time = p.time
    packets[frame - 1] = rebuilt
    wrpcap(dst, packets)


if __name__ == "__main__":
    main()
