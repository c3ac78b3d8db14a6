package twcheck.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the operating system says of this process's memory (Linux; -1 elsewhere). */
public final class ProcessMemory {
    private ProcessMemory() {}

    /** The peak resident set size so far (VmHWM), in bytes, or -1 if it cannot be read. */
    public static long peakResidentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return 1024 * Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
