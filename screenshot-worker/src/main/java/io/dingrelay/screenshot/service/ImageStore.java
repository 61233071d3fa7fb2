package io.dingrelay.screenshot.service;

import io.dingrelay.screenshot.config.ScreenshotConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * PNGs on disk, named by their SHA-256 ({@code <images-dir>/<sha256>.png}): a name never changes its content, so
 * the images are served with immutable caching and written once (write to a temporary file, then an atomic move).
 * Blocking file I/O: call it from a worker thread.
 */
@ApplicationScoped
public class ImageStore {

    public static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;

    public ImageStore(ScreenshotConfig config) {
        this.dir = Path.of(config.imagesDir()).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the images folder " + dir, e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores the image unless a file of that hash exists; returns its hash. */
    public String put(byte[] png) {
        String sha = sha256(png);
        Path target = path(sha);
        if (Files.exists(target)) {
            return sha;
        }
        try {
            Path tmp = Files.createTempFile(dir, sha, ".tmp");
            Files.write(tmp, png);
            // createTempFile makes the file owner-only; images are public, and a proxy may serve the folder.
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its defaults
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store image " + sha, e);
        }
        return sha;
    }

    /** The file of a hash (which may not exist); the hash must be 64 lower-case hex digits. */
    public Path path(String sha) {
        if (!SHA256.matcher(sha).matches()) {
            throw new IllegalArgumentException("not a SHA-256: " + sha);
        }
        return dir.resolve(sha + ".png");
    }

    public boolean exists(String sha) {
        return Files.isRegularFile(path(sha));
    }

    /**
     * Deletes every image whose hash is not in {@code keep} and that was written before {@code writtenBefore} (a
     * render writes its file before its row, so a fresh file may not be referenced yet); returns how many went.
     */
    public int deleteAllExcept(Set<String> keep, Instant writtenBefore) {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.png")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String sha = name.substring(0, name.length() - 4);
                if (SHA256.matcher(sha).matches() && !keep.contains(sha)
                        && Files.getLastModifiedTime(f).toInstant().isBefore(writtenBefore) && Files.deleteIfExists(f)) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean the images folder " + dir, e);
        }
        return deleted;
    }
}
