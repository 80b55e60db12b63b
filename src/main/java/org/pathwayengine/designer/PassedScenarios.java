package org.pathwayengine.designer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pathwayengine.model.RuleProblem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rulesets whose scenarios passed, remembered on disk so that a service restarting on the same rule files, with
 * the same build of the engine, on the same day, does not run them all again: the same inputs give the same
 * answers (evaluations are deterministic), so the verdict would be the same. Only passes are remembered; a
 * ruleset whose scenarios failed is tried again in full every time.
 *
 * <p>A remembered pass is found by a key over the rules' content hash, the engine's identity (the bytes of the
 * application archive this class was loaded from, and the rules engine's archive name) and the day (a scenario
 * without an as-of date is evaluated as of today). Without an application archive (classes run from a build
 * directory, as in tests and development) nothing is remembered. The directory must belong to this user and be
 * closed to others; otherwise it is not used.
 */
public final class PassedScenarios {

    /** Remembers nothing: every check runs its scenarios. */
    public static final PassedScenarios NONE = new PassedScenarios(null, null, Clock.systemUTC());

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path dir;
    private final String engine;
    private final Clock clock;

    PassedScenarios(Path dir, String engine, Clock clock) {
        this.dir = dir;
        this.engine = engine;
        this.clock = clock;
    }

    /**
     * Remembering in {@code dir} (created, closed to others, when missing), or {@link #NONE} with the reason when
     * this build has no identity or the directory cannot be used safely.
     */
    public static Outcome in(Path dir) {
        return in(dir, engineIdentity(), Clock.systemUTC());
    }

    /** With an engine identity and a clock given, for tests (the service's identity is its archive's hash). */
    public static Outcome in(Path dir, Optional<String> engine, Clock clock) {
        if (engine.isEmpty()) {
            return new Outcome(NONE, "the engine runs from a build directory, so it has no fixed identity");
        }
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Path absolute = dir.toAbsolutePath();
                Files.createDirectories(absolute.getParent());
                Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return new Outcome(NONE, dir + " is not a directory");
            }
            // What this process creates is its own: the directory must belong to the same user.
            Path probe = Files.createTempFile(dir, "owner", ".tmp");
            java.nio.file.attribute.UserPrincipal me;
            try {
                me = Files.getOwner(probe);
            } finally {
                Files.deleteIfExists(probe);
            }
            java.nio.file.attribute.UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            if (!owner.equals(me) || permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                return new Outcome(NONE, dir + " belongs to " + owner.getName() + " or others may write to it");
            }
        } catch (IOException | UnsupportedOperationException e) {
            return new Outcome(NONE, dir + " cannot be used: " + e.getMessage());
        }
        return new Outcome(new PassedScenarios(dir, engine.get(), clock), null);
    }

    /**
     * @param memory where passes are remembered ({@link #NONE} when not)
     * @param notUsed why the directory asked for is not used, or null when it is
     */
    public record Outcome(PassedScenarios memory, String notUsed) {
    }

    /** Whether passes are remembered at all. */
    public boolean active() {
        return dir != null;
    }

    /**
     * The problems the scenarios reported when this ruleset's scenarios passed before (coverage warnings), or empty
     * when no pass is remembered for it. An unreadable or altered entry counts as none.
     */
    public Optional<List<RuleProblem>> recall(String version) {
        if (!active() || version == null) {
            return Optional.empty();
        }
        Path file = dir.resolve(key(version) + ".json");
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            Entry entry = MAPPER.readValue(in, Entry.class);
            if (!version.equals(entry.version()) || !engine.equals(entry.engine())
                    || !today().toString().equals(entry.day()) || entry.problems() == null) {
                return Optional.empty();
            }
            return Optional.of(List.copyOf(entry.problems()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Remembers that this ruleset's scenarios passed, with what they reported; best effort (a failure is silent). */
    public void remember(String version, List<RuleProblem> problems) {
        if (!active() || version == null) {
            return;
        }
        try {
            byte[] json = MAPPER.writeValueAsBytes(new Entry(version, engine, today().toString(), problems));
            Path temp = Files.createTempFile(dir, "entry", ".tmp");
            Files.write(temp, json);
            Path file = dir.resolve(key(version) + ".json");
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // Not remembering only means running the scenarios again next time.
        }
    }

    /** One remembered pass, as stored. */
    public record Entry(String version, String engine, String day, List<RuleProblem> problems) {
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private String key(String version) {
        return sha256((engine + "\n" + version + "\n" + today()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The application archive's content hash, or empty without an archive. A new build (of this code or against
     * other libraries) writes a new archive, with new entry times, so it never shares an identity with an old one.
     */
    static Optional<String> engineIdentity() {
        try {
            Path self = Path.of(PassedScenarios.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(self)) {
                return Optional.empty();
            }
            return Optional.of(sha256(Files.readAllBytes(self)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
