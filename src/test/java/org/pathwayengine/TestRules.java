package org.pathwayengine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
