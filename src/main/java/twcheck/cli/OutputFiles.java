package twcheck.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import twcheck.spec.SpecException;

/**
 * Every file the commands write goes through here: into a temporary file beside it, then renamed
 * into place, so that a run that fails or is interrupted leaves the old file or the new one, never
 * half of one. Errors are one line, {@code PATH: cannot write: REASON}.
 */
final class OutputFiles {
    private OutputFiles() {}

    /** A result could not be written; Main turns it into exit code 74. */
    static final class NotWrittenException extends RuntimeException {
        NotWrittenException(String what, String reason) {
            super(what + ": cannot write: " + reason, null, false, false);
        }
    }

    /** Writes {@code text} (UTF-8) to {@code file}, replacing it whole or not at all. */
    static void write(Path file, String text) {
        write(file, temporary -> {
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.WRITE)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /** Fills a file given by its path (a library that writes the file itself). */
    @FunctionalInterface
    interface Filler {
        void fill(Path file) throws IOException;
    }

    /**
     * Has {@code filler} write a hidden temporary file beside {@code file}, then renames it into
     * place: {@code file} is replaced whole or not at all, and no half file stays behind
     * whatever stops the writing.
     */
    static void write(Path file, Filler filler) {
        Path folder = file.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            temporary = createTemporary(folder, file.getFileName().toString());
            filler.fill(temporary);
            keepPermissions(file, temporary);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new NotWrittenException(file.toString(), reason(e, file, folder.resolve(file.getFileName())));
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the temporary file is hidden and named as such; nothing better to do
                }
            }
        }
    }

    /**
     * Makes {@code folder} (and its parents) and proves it writable by creating a file in it, so
     * that an output that cannot be written fails before a long run, not after it. Exit 2.
     */
    static void prepareFolder(String option, Path folder) {
        prepare(option + " " + folder, "the folder", folder);
    }

    /** {@link #prepareFolder} for the folder a file goes into; the file itself must not be a folder. */
    static void prepareFile(String option, Path file) {
        String label = option + " " + file;
        if (Files.isDirectory(file)) throw new SpecException(label + ": is a folder; expected a file name");
        Path folder = file.getParent() != null ? file.getParent() : Path.of("");
        prepare(label, "the folder " + (file.getParent() != null ? folder : "."), folder);
    }

    /** As {@link #prepareFolder}, with the error saying {@code LABEL: cannot make FOLDER_NAME: REASON}. */
    static void prepare(String label, String folderName, Path folder) {
        Path absolute = folder.toAbsolutePath();
        try {
            Files.createDirectories(absolute);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new SpecException(label + ": cannot make " + folderName + ": " + reason(e, folder));
        }
        try {
            Files.delete(createTemporary(absolute, "probe"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new SpecException(label + ": cannot write in " + folderName + ": "
                    + reason(e, folder, absolute.resolve("probe")));
        }
    }

    /** Flushes standard output and fails if anything printed there was lost (full disk, closed pipe). */
    static void flush(PrintWriter out) {
        if (out.checkError()) {
            throw new NotWrittenException("standard output", "the output is full or closed; what it shows is cut short");
        }
    }

    /** A new, empty, hidden file in {@code folder}, created with the usual permissions (not 0600). */
    private static Path createTemporary(Path folder, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path candidate = folder.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) throw e;
            }
        }
    }

    /** A file that is replaced keeps its permissions, as it would if it were overwritten in place. */
    private static void keepPermissions(Path file, Path temporary) {
        try {
            if (Files.exists(file)) Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(file));
        } catch (IOException | UnsupportedOperationException | SecurityException ignored) {
            // not a POSIX file system, or not ours to read: the new file keeps the default permissions
        }
    }

    /**
     * Why an operation on {@code named} failed, in words (NIO's messages are often only a path),
     * naming the file it failed on when that is another one.
     */
    static String reason(Exception e, Path named) {
        return reason(e, named, null);
    }

    /** As above; a failure on a temporary file for {@code target} is told as one of its folder. */
    private static String reason(Exception e, Path named, Path target) {
        String file = e instanceof FileSystemException f ? f.getFile() : null;
        if (file != null && target != null && isTemporaryFor(file, target)) {
            Path folder = target.getParent();
            if (e instanceof NoSuchFileException) {
                return Files.isDirectory(folder) ? "the folder " + folder + " takes no new files" : "no such folder " + folder;
            }
            if (e instanceof AccessDeniedException) return "permission denied in the folder " + folder;
            file = null;
        }
        String at = file == null || same(file, named) ? "" : ": " + file;
        if (e instanceof NoSuchFileException) return "no such file or folder" + at;
        if (e instanceof AccessDeniedException) return "permission denied" + at;
        if (e instanceof NotDirectoryException) return "not a folder" + at;
        if (e instanceof java.nio.file.DirectoryNotEmptyException) return "a folder is in the way" + at;
        if (e instanceof FileAlreadyExistsException) return "a file that is not a folder is in the way" + at;
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason() + at;
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static boolean isTemporaryFor(String file, Path target) {
        Path p = Path.of(file);
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        return target.getParent().equals(p.getParent()) && name.startsWith("." + target.getFileName() + ".")
                && name.endsWith(".tmp");
    }

    private static boolean same(String file, Path named) {
        try {
            return Path.of(file).toAbsolutePath().normalize().equals(named.toAbsolutePath().normalize());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
