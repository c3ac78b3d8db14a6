package twcheck.capture;

import io.pkts.Pcap;
import io.pkts.buffer.Buffer;
import io.pkts.packet.IPPacket;
import io.pkts.packet.Packet;
import io.pkts.packet.TCPPacket;
import io.pkts.protocol.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the TCP segments of a capture: link types Ethernet, Linux cooked (SLL) and raw IPv4; IPv4
 * and IPv6. A classic pcap file (what tcpdump writes) is read by pkts; a pcapng file (what
 * Wireshark and dumpcap write), which pkts does not read, is read frame by frame by libpcap
 * (through pcap4j) and each frame handed to pkts, so both formats are decoded by the same code.
 * Frames that are not TCP (ARP, UDP, ...) are counted, not read.
 */
public final class CaptureFile {
    private CaptureFile() {}

    /** The TCP segments and how many frames were something else. */
    public record Contents(List<CapturedSegment> segments, int frames, int otherFrames) {}

    private static final int PCAPNG_MAGIC = 0x0A0D0D0A;
    private static final int LINUX_SLL2 = 276;
    /** The link types pkts frames: Ethernet, Linux cooked (SLL), raw IPv4. */
    private static final java.util.Set<Integer> READ_LINK_TYPES = java.util.Set.of(1, 113, 101);

    /** Reads a capture; a file that is not one gives an IOException with a one-line reason. */
    public static Contents read(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 4) < 4) throw new IOException("not a capture: shorter than a pcap header");
        }
        int magic = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        if (magic == PCAPNG_MAGIC) return PcapNgFrames.read(file);
        if (magic != 0xa1b2c3d4 && magic != 0xd4c3b2a1 && magic != 0xa1b23c4d && magic != 0x4d3cb2a1) {
            throw new IOException("not a pcap capture (its first four bytes are not a pcap magic number)");
        }
        List<CapturedSegment> segments = new ArrayList<>();
        int[] frames = {0};
        int[] other = {0};
        long[] first = {-1};
        Pcap pcap;
        try {
            pcap = Pcap.openStream(file.toFile());
        } catch (RuntimeException e) { // pkts' way of saying the header is cut short
            throw new IOException("not a readable capture: its pcap header is incomplete");
        }
        int linkType = pcap.getPcapHeader().getDataLinkType();
        try {
            requireReadable(linkType);
        } catch (IOException e) {
            pcap.close();
            throw e;
        }
        try {
            pcap.loop(packet -> {
                frames[0]++;
                if (first[0] < 0) first[0] = packet.getArrivalTime();
                CapturedSegment s = segmentOf(packet, frames[0], packet.getArrivalTime() - first[0]);
                if (s == null) other[0]++;
                else segments.add(s);
                return true;
            });
        } catch (IOException | RuntimeException | AssertionError e) {
            // pkts checks damaged lengths with assert: with -ea a bad frame is an AssertionError
            throw new IOException("not a readable capture at frame " + (frames[0] + 1) + ": "
                    + (e.getMessage() == null ? "a damaged frame (" + e.getClass().getSimpleName() + ")" : e.getMessage()));
        } catch (Exception e) { // pkts' FramingException
            throw new IOException("not a readable capture at frame " + (frames[0] + 1) + ": " + e.getMessage());
        } finally {
            pcap.close();
        }
        return new Contents(List.copyOf(segments), frames[0], other[0]);
    }

    /** Refuses a link type pkts does not frame, saying how to capture one it does. */
    static void requireReadable(int linkType) throws IOException {
        if (!READ_LINK_TYPES.contains(linkType)) {
            throw new IOException("link type " + linkType + (linkType == LINUX_SLL2
                    ? " (Linux cooked v2, what 'tcpdump -i any' writes)" : "") + " is not one twcheck reads (Ethernet 1,"
                    + " Linux cooked 113, raw IPv4 101); capture on one interface, or with 'tcpdump -i any -y LINUX_SLL'");
        }
    }

    /** The frame's TCP segment, or null if it carries none. */
    static CapturedSegment segmentOf(Packet packet, int frame, long micros) throws IOException {
        if (!packet.hasProtocol(Protocol.TCP)) return null;
        TCPPacket tcp = (TCPPacket) packet.getPacket(Protocol.TCP);
        IPPacket ip = tcp.getParentPacket();
        Buffer payload = tcp.getPayload();
        int length = payload == null ? 0 : payload.getReadableBytes();
        return new CapturedSegment(frame, micros,
                new CapturedSegment.Address(ip.getSourceIP(), tcp.getSourcePort()),
                new CapturedSegment.Address(ip.getDestinationIP(), tcp.getDestinationPort()),
                tcp.isSYN(), tcp.isACK(), tcp.isFIN(), tcp.isRST(), tcp.getSequenceNumber(),
                tcp.getAcknowledgementNumber(), length);
    }
}
