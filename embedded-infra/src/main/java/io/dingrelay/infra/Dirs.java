package io.dingrelay.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Directory helpers. */
final class Dirs {

    private Dirs() {
    }

    /** Parent of every temporary folder this module creates, so leftovers of killed JVMs can be found. */
    static Path tempRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"), "dingrelay-infra");
    }

    /** A new folder {@code <tmp>/dingrelay-infra/<prefix><random>}. */
    static Path createTemp(String prefix) {
        try {
            return Files.createTempDirectory(Files.createDirectories(tempRoot()), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory", e);
        }
    }

    /**
     * Temporary folders of {@code prefix} older than {@code minAge} whose owner is gone (the lock file
     * {@code lockFile} under them can be locked, or is missing). {@code close()} deletes its temporary folder, so
     * these are what a JVM killed during the tests (a surefire timeout, kill -9) left behind.
     */
    static List<Path> abandonedTemps(String prefix, String lockFile, Duration minAge) {
        Path root = tempRoot();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> abandoned = new ArrayList<>();
        long oldest = System.currentTimeMillis() - minAge.toMillis();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root, prefix + "*")) {
            for (Path dir : children) {
                if (Files.getLastModifiedTime(dir).toMillis() < oldest && !isLocked(dir.resolve(lockFile))) {
                    abandoned.add(dir);
                }
            }
        } catch (IOException e) {
            return abandoned;
        }
        return abandoned;
    }

    private static boolean isLocked(Path lockFile) {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return true; // cannot tell: leave it alone
        }
    }

    static Path create(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }

    /** Deletes {@code dir} and everything below it; a missing directory is fine. */
    static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteIfExists(Path p) throws IOException {
        Files.deleteIfExists(p);
    }
}
