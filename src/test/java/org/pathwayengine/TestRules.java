package org.pathwayengine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of the sample rules in a scratch directory, for tests that break or change them.
 */
public final class TestRules {

    private TestRules() {
    }

    public static void copySample(Path dir) throws IOException {
        Path from = Path.of("rules");
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path to = dir.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    /**
     * Puts the directory back to the sample rules: each file overwritten in place and any other rule file removed,
     * so that a service watching the directory never sees it empty.
     */
    public static void restoreSample(Path dir) throws IOException {
        Path from = Path.of("rules");
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                Path to = dir.resolve(from.relativize(p).toString());
                Files.createDirectories(to.getParent());
                Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isRegularFile(p) && !Files.exists(from.resolve(dir.relativize(p).toString()))) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Adds the rule files of a fixture under src/test/resources/fixtures (not its README) to a rules directory. */
    public static void addFixture(Path dir, String name) throws IOException {
        Path from = Path.of("src/test/resources/fixtures", name);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (p.getFileName().toString().equals("README.md")) {
                    continue;
                }
                Path to = dir.resolve(from.relativize(p).toString());
                Files.createDirectories(to.getParent());
                Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Replaces text in one rule file of a scratch directory, failing if the text is not there. */
    public static void edit(Path dir, String rel, String from, String to) throws IOException {
        String text = Files.readString(dir.resolve(rel));
        if (!text.contains(from)) {
            throw new AssertionError(rel + " no longer contains: " + from);
        }
        Files.writeString(dir.resolve(rel), text.replace(from, to));
    }

    /** The 1-based line of a file where the needle first appears. */
    public static int lineOf(Path file, String needle) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in " + file);
    }

    /** A new scratch directory holding a copy of the sample rules. */
    public static Path scratchCopy(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            copySample(dir);
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Removes a scratch directory and everything in it. */
    public static void remove(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
