package twcheck.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the small text files the tool takes as input (model and claim files) with a size limit,
 * so that a wrong path (a device, a huge file) is a one-line error, not an exhausted heap.
 */
final class TextFiles {
    /** Far above any real model or claim file. */
    static final int MAX_BYTES = 1 << 20;

    private TextFiles() {}

    /** The file's lines; a {@link SpecException} naming the file for anything that is not a small UTF-8 text file. */
    static List<String> readLines(Path file, String kind) {
        if (Files.isDirectory(file)) throw new SpecException(file + ": is a directory, not a " + kind);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new SpecException(file + ": no such " + kind);
        } catch (IOException e) {
            throw new SpecException(file + ": cannot read: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new SpecException(file + ": not a " + kind + ": larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SpecException(file + ": not a " + kind + ": not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1); // a byte-order mark some editors write
        return text.lines().toList();
    }
}
