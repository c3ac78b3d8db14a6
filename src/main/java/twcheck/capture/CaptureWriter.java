package twcheck.capture;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV4Rfc1349Tos;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.namednumber.DataLinkType;
import org.pcap4j.packet.namednumber.EtherType;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.IpVersion;
import org.pcap4j.packet.namednumber.TcpPort;
import org.pcap4j.util.MacAddress;

/**
 * Writes TCP segments as a classic pcap file (Ethernet, IPv4) that tcpdump, tshark and Wireshark
 * open: frames built by pcap4j with correct lengths and checksums, written through libpcap.
 * Times count from 2026-01-01 00:00:00 UTC, so that the same run gives the same file.
 */
public final class CaptureWriter {
    private CaptureWriter() {}

    private static final long EPOCH_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final MacAddress CLIENT_MAC = MacAddress.getByName("02:00:00:00:00:01");
    private static final MacAddress SERVER_MAC = MacAddress.getByName("02:00:00:00:00:02");

    /** Writes {@code segments} to {@code file}; an IOException says why it could not. */
    public static void write(Path file, List<CapturedSegment> segments, CapturedSegment.Address client) throws IOException {
        PcapHandle handle;
        try {
            handle = Pcaps.openDead(DataLinkType.EN10MB, 65535);
        } catch (Exception | LinkageError e) {
            throw new IOException("writing a capture needs libpcap (Debian: apt-get install libpcap0.8): " + e.getMessage());
        }
        try (PcapDumper dumper = handle.dumpOpen(file.toString())) {
            for (CapturedSegment s : segments) {
                boolean fromClient = s.from().equals(client);
                dumper.dump(frame(s, fromClient), timestamp(s.micros()));
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            handle.close();
        }
    }

    private static EthernetPacket frame(CapturedSegment s, boolean fromClient) throws IOException {
        java.net.Inet4Address src = (java.net.Inet4Address) InetAddress.getByName(s.from().ip());
        java.net.Inet4Address dst = (java.net.Inet4Address) InetAddress.getByName(s.to().ip());
        TcpPacket.Builder tcp = new TcpPacket.Builder()
                .srcAddr(src).dstAddr(dst)
                .srcPort(TcpPort.getInstance((short) s.from().port()))
                .dstPort(TcpPort.getInstance((short) s.to().port()))
                .sequenceNumber((int) s.seq()).acknowledgmentNumber((int) s.ack())
                .syn(s.syn()).ack(s.ackFlag()).fin(s.fin()).rst(s.rst()).psh(s.payload() > 0)
                .window((short) 64240)
                .correctLengthAtBuild(true).correctChecksumAtBuild(true);
        if (s.payload() > 0) tcp.payloadBuilder(new UnknownPacket.Builder().rawData(new byte[s.payload()]));
        IpV4Packet.Builder ip = new IpV4Packet.Builder()
                .version(IpVersion.IPV4).tos(IpV4Rfc1349Tos.newInstance((byte) 0)).ttl((byte) 64)
                .protocol(IpNumber.TCP).srcAddr(src).dstAddr(dst).dontFragmentFlag(true)
                .payloadBuilder(tcp).correctLengthAtBuild(true).correctChecksumAtBuild(true);
        return new EthernetPacket.Builder()
                .srcAddr(fromClient ? CLIENT_MAC : SERVER_MAC).dstAddr(fromClient ? SERVER_MAC : CLIENT_MAC)
                .type(EtherType.IPV4).payloadBuilder(ip).paddingAtBuild(true).build();
    }

    private static Timestamp timestamp(long micros) {
        Timestamp t = new Timestamp(EPOCH_MILLIS + micros / 1000);
        t.setNanos((int) ((micros % 1_000_000) * 1000));
        return t;
    }
}
