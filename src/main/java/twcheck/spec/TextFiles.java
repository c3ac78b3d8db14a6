package twcheck.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the small text files the tool takes as input (model and claim files) with a size limit,
 * so that a wrong path (a device, a huge file) is a one-line error, not an exhausted heap; and
 * holds the rules both formats share: comments, and how a line is echoed in a message.
 */
public final class TextFiles {
    /** Far above any real model or claim file. */
    static final int MAX_BYTES = 1 << 20;

    /** Echoed text is cut here: a message stays one readable line whatever the input. */
    static final int MAX_SHOWN = 80;

    private TextFiles() {}

    /** The file's lines; a {@link SpecException} naming the file (and line) for anything that is not a small UTF-8 text file. */
    static List<String> readLines(Path file, String kind) {
        byte[] bytes = readBytes(file, kind);
        String text;
        try {
            text = decoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SpecException(firstBadLine(file, kind, bytes));
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1); // a byte-order mark some editors write
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            for (int c = 0; c < line.length(); c++) {
                char ch = line.charAt(c);
                // a control character is a binary file or a paste gone wrong; echoing it would garble the terminal
                if (Character.isISOControl(ch) && ch != '\t') {
                    throw new SpecException(file + ":" + (i + 1) + ": not a " + kind + ": control character "
                            + String.format("U+%04X", (int) ch) + " at column " + (c + 1));
                }
            }
        }
        return lines;
    }

    /** At most {@link #MAX_BYTES} of the file; a {@link SpecException} if it is not a readable file of that size. */
    static byte[] readBytes(Path file, String kind) {
        if (Files.isDirectory(file)) throw new SpecException(file + ": is a directory, not a " + kind);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new SpecException(file + ": no such " + kind);
        } catch (IOException | InvalidPathException e) {
            throw new SpecException(file + ": cannot read: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new SpecException(file + ": not a " + kind + ": larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        return bytes;
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Names the first line that is not UTF-8 and the byte where it goes wrong. */
    private static String firstBadLine(Path file, String kind, byte[] bytes) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i < bytes.length && bytes[i] != '\n') continue;
            ByteBuffer one = ByteBuffer.wrap(bytes, start, i - start);
            try {
                decoder().decode(one);
            } catch (CharacterCodingException e) {
                // the decoder stops at the first bad sequence: its position is the column
                int column = one.position() - start + 1;
                int bad = one.position() < i ? bytes[one.position()] & 0xff : -1;
                return file + ":" + line + ": not a " + kind + ": not UTF-8 text"
                        + (bad < 0 ? " (the line ends inside a character)"
                                : String.format(" (byte 0x%02X, byte %d of the line)", bad, column));
            }
            line++;
            start = i + 1;
        }
        return file + ": not a " + kind + ": not UTF-8 text"; // not reached: some line must fail
    }

    /**
     * The line without its comment. A comment is a line whose first non-blank character is
     * {@code #}, or the rest of a line from a {@code #} that has a blank before it and a blank or
     * the end of the line after it ({@code msl = 1   # ticks}). Any other {@code #} is text, so a
     * value may say {@code RFC 9293 #3.3.2}.
     */
    public static String stripComment(String line) {
        String trimmed = line.strip();
        if (trimmed.startsWith("#")) return "";
        for (int i = line.indexOf('#'); i > 0; i = line.indexOf('#', i + 1)) {
            boolean blankBefore = Character.isWhitespace(line.charAt(i - 1));
            boolean blankAfter = i + 1 == line.length() || Character.isWhitespace(line.charAt(i + 1));
            if (blankBefore && blankAfter) return line.substring(0, i);
        }
        return line;
    }

    /** A hint for a value that may hold a comment written without the blanks the rule needs. */
    static String commentHint(String value) {
        return value.contains("#") ? " (a comment after a value needs a blank on each side of its '#': 'msl = 1 # ticks')" : "";
    }

    /**
     * {@code text} as a message may echo it: control characters as {@code ?}, cut to
     * {@value #MAX_SHOWN} characters, with "…" if cut.
     */
    public static String shown(String text) {
        text = text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c) // a message must not garble the terminal
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        if (text.length() <= MAX_SHOWN) return text;
        int end = MAX_SHOWN - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) end--; // do not split a character in two
        return text.substring(0, end) + "…";
    }
}
