package org.pathwayengine.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.pathwayengine.evaluation.EvaluationResult;
import org.pathwayengine.evaluation.Evaluator;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.problem.ProblemException;
import org.pathwayengine.problem.ProblemType;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Replays a recorded evaluation: the same request, as of the same date, on the ruleset version that answered it
 * (loaded from the archive), compared with the recorded answer field by field.
 */
@ApplicationScoped
public class Replayer {

    /** Differences listed at most; the count says how many there were. */
    static final int MAX_LISTED = 50;
    /** Fields that say when and whether an answer was stored, not what it was. */
    private static final List<String> NOT_THE_ANSWER = List.of("id", "recorded", "notRecordedReason", "evaluatedAt");

    private final Recorder recorder;
    private final RulesetArchive archive;
    private final ObjectMapper mapper;
    private final Evaluator evaluator;

    public Replayer(Recorder recorder, RulesetArchive archive, ObjectMapper mapper, CredentialLookups lookups) {
        this.recorder = recorder;
        this.archive = archive;
        this.mapper = mapper;
        // Credentials are verified again the same way, status lists looked up where the evaluation looked them up.
        this.evaluator = new Evaluator(Clock.systemUTC(), lookups);
    }

    /** A field whose value differs. */
    @Schema(name = "ReplayDifference")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Difference(
            @Schema(description = "Where in the answer, e.g. qualifications[0].status.")
            String path,
            @Schema(description = "As recorded; absent when the replay added it.")
            JsonNode recorded,
            @Schema(description = "As replayed; absent when the replay no longer has it.")
            JsonNode replayed) {
    }

    /** The outcome of a replay. */
    @Schema(name = "Replay", description = "A recorded evaluation evaluated again on the ruleset version that"
            + " answered it, and whether the answer is the same.")
    public record Replay(
            UUID evaluation,
            @Schema(description = "The version that answered it.")
            String rulesetVersion,
            @Schema(description = "The version its archived files load as now: the same, unless the engine's own"
                    + " rules changed since.")
            String replayedOn,
            @Schema(description = "Whether the replayed answer equals the recorded one (apart from its id, time and"
                    + " whether it was stored).")
            boolean same,
            @Schema(description = "How many fields differ.")
            int differing,
            @Schema(description = "The differing fields, at most 50.")
            List<Difference> differences) {
    }

    public Replay replay(UUID id) {
        Recorder.Stored stored = recorder.stored(id);
        Ruleset ruleset;
        try {
            ruleset = archive.load(stored.rulesetVersion()).orElseThrow(() -> new ProblemException(
                    ProblemType.UNPROCESSABLE, "evaluation " + id + " was answered by ruleset "
                    + stored.rulesetVersion() + ", whose files were not archived (it was recorded before"
                    + " rulesets were archived), so it cannot be replayed"));
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "the ruleset that answered evaluation " + id
                    + " cannot be loaded again: " + e.getMessage());
        }
        JsonNode recorded;
        try {
            recorded = mapper.readTree(stored.result());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("recorded evaluation " + id + " cannot be read", e);
        }
        // An answer recorded without next steps is replayed without them.
        EvaluationResult again = evaluator.evaluate(ruleset, stored.request(), recorded.has("nextSteps"));
        JsonNode replayed = mapper.valueToTree(again);
        for (JsonNode node : List.of(recorded, replayed)) {
            NOT_THE_ANSWER.forEach(((ObjectNode) node)::remove);
        }
        List<Difference> differences = new ArrayList<>();
        int differing = diff("", recorded, replayed, differences);
        return new Replay(id, stored.rulesetVersion(), ruleset.version(), differing == 0, differing,
                List.copyOf(differences));
    }

    /** Adds the differing leaves below a path (up to the listing limit) and returns how many there are. */
    private static int diff(String path, JsonNode a, JsonNode b, List<Difference> out) {
        if (a != null && a.equals(b)) {
            return 0;
        }
        if (a != null && b != null && a.isObject() && b.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            int n = 0;
            for (String name : names) {
                n += diff(path.isEmpty() ? name : path + "." + name, a.get(name), b.get(name), out);
            }
            return n;
        }
        if (a != null && b != null && a.isArray() && b.isArray()) {
            int n = 0;
            Iterator<JsonNode> x = a.elements();
            Iterator<JsonNode> y = b.elements();
            for (int i = 0; x.hasNext() || y.hasNext(); i++) {
                n += diff(path + "[" + i + "]", x.hasNext() ? x.next() : null, y.hasNext() ? y.next() : null, out);
            }
            return n;
        }
        if (out.size() < MAX_LISTED) {
            out.add(new Difference(path, a, b));
        }
        return 1;
    }
}
