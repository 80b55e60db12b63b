package org.pathwayengine.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.problem.ProblemException;
import org.pathwayengine.problem.ProblemType;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Every ruleset version that decided a recorded answer, kept in PostgreSQL by its content hash: archived in the
 * same transaction as the first answer it decided, and loaded again (compiled from its files) to replay one.
 */
@ApplicationScoped
public class RulesetArchive {

    private static final Logger LOG = Logger.getLogger(RulesetArchive.class);
    /** Compiled versions kept for replays: each holds a KieBase, so only the last few. */
    private static final int KEPT_COMPILED = 2;

    private final ObjectMapper mapper;
    private final RulesetHolder holder;
    private final RulesetReloader reloader;
    /** Versions known to be archived, so that recording does not ask the database every time. */
    private final Set<String> archived = ConcurrentHashMap.newKeySet();
    private final Map<String, Ruleset> compiled = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Ruleset> eldest) {
            return size() > KEPT_COMPILED;
        }
    };

    public RulesetArchive(ObjectMapper mapper, RulesetHolder holder, RulesetReloader reloader) {
        this.mapper = mapper;
        this.holder = holder;
        this.reloader = reloader;
    }

    /** Archives the ruleset's files unless already there; runs inside the caller's transaction. */
    void ensure(Ruleset ruleset) throws JsonProcessingException {
        if (archived.contains(ruleset.version())) {
            return;
        }
        RulesetVersionRow.getEntityManager().createNativeQuery("INSERT INTO ruleset_version (version,"
                        + " first_recorded, files) VALUES (?1, ?2, CAST(?3 AS jsonb)) ON CONFLICT (version) DO NOTHING")
                .setParameter(1, ruleset.version()).setParameter(2, Instant.now())
                .setParameter(3, mapper.writeValueAsString(ruleset.texts()))
                .executeUpdate();
    }

    /** Called once the transaction that archived the version has committed. */
    void archived(String version) {
        archived.add(version);
    }

    /**
     * The ruleset of a version, compiled from its archived files (the one being served when it is that version),
     * or empty when it was never archived.
     */
    public Optional<Ruleset> load(String version) {
        Ruleset serving = holder.current();
        if (serving != null && serving.version().equals(version)) {
            return Optional.of(serving);
        }
        synchronized (compiled) {
            Ruleset known = compiled.get(version);
            if (known != null) {
                return Optional.of(known);
            }
        }
        RulesetVersionRow row;
        try {
            row = QuarkusTransaction.joiningExisting().call(() -> RulesetVersionRow.findById(version));
        } catch (RuntimeException e) {
            LOG.warnf("Cannot read archived ruleset %s: %s", version, e.getClass().getName());
            throw new ProblemException(ProblemType.DATABASE_UNAVAILABLE, "the database did not answer; try again");
        }
        if (row == null) {
            return Optional.empty();
        }
        Map<String, String> files;
        try {
            files = mapper.readValue(row.files, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("archived ruleset " + version + " cannot be read", e);
        }
        // Compiled on the reload thread, so that no two KieBases are built at once.
        Ruleset loaded = reloader.onWorker(() -> compile(version, files));
        synchronized (compiled) {
            compiled.put(version, loaded);
        }
        return Optional.of(loaded);
    }

    private static Ruleset compile(String version, Map<String, String> files) throws IOException {
        Path dir = Files.createTempDirectory("pathways-replay-");
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IllegalStateException("archived ruleset " + version + " names a file outside its"
                            + " directory: " + f.getKey());
                }
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.getValue());
            }
            RulesetLoader.Outcome outcome = new RulesetLoader(RulesetHolder.class.getClassLoader()).load(dir);
            if (!outcome.ok()) {
                throw new IllegalStateException("archived ruleset " + version + " no longer compiles: "
                        + outcome.errors().stream().limit(3).map(Object::toString).toList());
            }
            if (!version.equals(outcome.ruleset().version())) {
                LOG.infof("Archived ruleset %s loads as %s: the engine's own rules changed since", version,
                        outcome.ruleset().version());
            }
            return outcome.ruleset();
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
