package twcheck.capture;

import io.pkts.buffer.Buffers;
import io.pkts.frame.PcapGlobalHeader;
import io.pkts.frame.PcapRecordHeader;
import io.pkts.packet.Packet;
import io.pkts.packet.impl.PCapPacketImpl;
import io.pkts.protocol.Protocol;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

/**
 * A pcapng capture read by libpcap (which reads pcapng whose interfaces share one link type), each
 * frame then decoded by pkts exactly as a classic pcap frame is. libpcap is the reference reader of
 * the format; pkts, which decodes the frames, has no pcapng reader of its own.
 */
final class PcapNgFrames {
    private PcapNgFrames() {}

    static CaptureFile.Contents read(Path file) throws IOException {
        PcapHandle handle;
        try {
            // asked first: without libpcap, pcap4j's openOffline may report "not supported by the pcap
            // library installed" (a PcapNativeException) instead of the missing library
            Pcaps.libVersion();
            handle = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.MICRO);
        } catch (LinkageError e) {
            throw new IOException("reading a pcapng capture needs libpcap (Debian: apt-get install libpcap0.8),"
                    + " which is not installed; or convert it with 'editcap -F pcap " + file + " OUT.pcap'");
        } catch (Exception e) { // PcapNativeException: libpcap's own one-line reason
            throw new IOException("not a readable pcapng capture: " + reason(e));
        }
        try {
            int linkType = handle.getDlt().value();
            CaptureFile.requireReadable(linkType);
            PcapGlobalHeader header = PcapGlobalHeader.createDefaultHeader(protocolOf(linkType));
            List<CapturedSegment> segments = new ArrayList<>();
            int frames = 0;
            int other = 0;
            long first = -1;
            while (true) {
                byte[] bytes;
                try {
                    bytes = handle.getNextRawPacketEx();
                } catch (EOFException end) {
                    break;
                } catch (Exception e) { // a damaged block, or an interface of another link type
                    throw new IOException("not a readable capture at frame " + (frames + 1) + ": " + reason(e));
                }
                frames++;
                long micros = micros(handle.getTimestamp());
                if (first < 0) first = micros;
                Packet packet = new PCapPacketImpl(header, PcapRecordHeader.createDefaultHeader(micros / 1000),
                        Buffers.wrap(bytes));
                CapturedSegment s;
                try {
                    s = CaptureFile.segmentOf(packet, frames, micros - first);
                } catch (IOException | RuntimeException | AssertionError e) {
                    throw new IOException("not a readable capture at frame " + frames + ": "
                            + (e.getMessage() == null ? "a damaged frame (" + e.getClass().getSimpleName() + ")" : e.getMessage()));
                }
                if (s == null) other++;
                else segments.add(s);
            }
            return new CaptureFile.Contents(List.copyOf(segments), frames, other);
        } finally {
            handle.close();
        }
    }

    private static Protocol protocolOf(int linkType) {
        return switch (linkType) {
            case 113 -> Protocol.SLL;
            case 101 -> Protocol.IPv4;
            default -> Protocol.ETHERNET_II;
        };
    }

    private static long micros(Timestamp t) {
        return Math.floorDiv(t.getTime(), 1000) * 1_000_000L + t.getNanos() / 1000;
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
