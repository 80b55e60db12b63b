package org.pathwayengine.ruleset;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.pathwayengine.problem.ProblemException;
import org.pathwayengine.problem.ProblemType;

import java.time.Instant;
import java.util.List;

/**
 * What ruleset the service is serving: version, files, rules and counts, for operators and designers.
 */
@Path("/api/v1/rulesets")
@Tag(name = "Rulesets")
public class RulesetResource {

    /** A summary of the ruleset being served. */
    public record RulesetSummary(String version, Instant loadedAt, String directory, int qualifications,
                                 int microcredentials, List<RuleFile> files, List<RuleInfo> rules,
                                 List<RuleProblem> warnings) {
    }

    private final RulesetHolder holder;

    public RulesetResource(RulesetHolder holder) {
        this.holder = holder;
    }

    @GET
    @Path("/current/drl")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "Everything Drools runs for the current ruleset",
            description = "The engine's own rules and every policy file, as compiled, each headed by its path."
                    + " Pathway requirements reach Drools as Requirement facts matched by the SYS-CANDIDATE rules.")
    public String drl() {
        Ruleset r = holder.loaded().orElseThrow(() ->
                new ProblemException(ProblemType.NO_RULESET, "no valid ruleset is loaded yet"));
        StringBuilder out = new StringBuilder();
        r.drl().forEach((path, text) -> out.append("// ==== ").append(path).append(" ====\n").append(text)
                .append(text.endsWith("\n") ? "" : "\n").append('\n'));
        return out.toString();
    }

    @GET
    @Path("/current")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The ruleset being served",
            description = "Version (content hash), when it was loaded, its files, every rule id with its description,"
                    + " and the warnings found when it was validated.")
    public RulesetSummary current() {
        Ruleset r = holder.loaded().orElseThrow(() ->
                new ProblemException(ProblemType.NO_RULESET, "no valid ruleset is loaded yet"));
        return new RulesetSummary(r.version(), r.loadedAt(), r.directory(), r.plans().size(),
                r.catalog().microcredentials().size(), r.files(), r.rules(), r.warnings());
    }
}
