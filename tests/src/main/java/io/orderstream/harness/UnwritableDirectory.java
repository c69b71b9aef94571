package io.orderstream.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory made unwritable and back, e.g. a job's checkpoint location. Root ignores file modes, so
 * the fault is portable instead: the directory is moved aside and a plain file takes its name, so every
 * write below it fails (not a directory). {@link #close()} puts it back if it is still broken.
 */
public final class UnwritableDirectory implements AutoCloseable {
    private final Path dir;
    private final Path aside;

    private UnwritableDirectory(Path dir) {
        this.dir = dir;
        this.aside = dir.resolveSibling(dir.getFileName() + ".aside");
    }

    /** Makes {@code dir} unwritable until {@link #restore()} or {@link #close()}. */
    public static UnwritableDirectory of(Path dir) {
        UnwritableDirectory fault = new UnwritableDirectory(dir);
        try {
            Files.move(dir, fault.aside);
            Files.writeString(dir, "not a directory");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fault;
    }

    /** The directory is back with its contents; a second call does nothing. */
    public void restore() {
        try {
            if (Files.isRegularFile(dir) && Files.isDirectory(aside)) {
                Files.delete(dir);
                Files.move(aside, dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        restore();
    }
}
