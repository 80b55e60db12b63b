package org.pathwayengine.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.pathwayengine.designer.QualificationGuide;
import org.pathwayengine.interchange.CtdlExport;
import org.pathwayengine.model.Award;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.problem.Problem;
import org.pathwayengine.problem.ProblemException;
import org.pathwayengine.problem.ProblemType;
import org.pathwayengine.service.RulesetHolder;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The qualifications of the ruleset being served, each explained as {@code ./pathways explain} does: the
 * requirement tree in words and as data, what Drools runs for it, and its pathway as a Mermaid flowchart.
 */
@Path("/api/v1/qualifications")
@Tag(name = "Qualifications",
        description = "The qualifications of the served ruleset, explained in words and as pathway diagrams.")
@RolesAllowed({Roles.LMS, Roles.REGISTRAR, Roles.CURRICULUM, Roles.ADMIN})
public class QualificationResource {

    /** A catalog qualification and the pathway that says what it requires (absent when none does). */
    @Schema(description = "A qualification of the catalog.")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record QualificationSummary(String code, String title, String type, Integer level,
                                       @Schema(description = "Id of the pathway that defines its requirements;"
                                               + " absent when no pathway does.")
                                       String pathway) {
    }

    /** JSON-LD, as CTDL is published. */
    static final String LD_JSON = "application/ld+json";

    private final RulesetHolder holder;

    public QualificationResource(RulesetHolder holder) {
        this.holder = holder;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listQualifications", summary = "Every qualification of the ruleset being served",
            description = "Code, title, type, level and the pathway that defines its requirements.")
    public List<QualificationSummary> list() {
        Ruleset r = ruleset();
        return r.catalog().qualifications().values().stream()
                .map(q -> new QualificationSummary(q.code(), q.title(), q.type(), q.level(),
                        Optional.ofNullable(r.awards().get(q.code())).map(Award::pathway).orElse(null)))
                .toList();
    }

    @GET
    @Path("/{code}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "explainQualification", summary = "A qualification's requirements explained",
            description = "The requirement tree as data and in words (nested exit awards, N of M, credits with"
                    + " their filters and caps, shareable requirements), and what Drools runs for it: the facts"
                    + " inserted and the rule ids that can match them. Ask for text/plain to get the words only, and"
                    + " for application/ld+json to get the pathway as CTDL JSON-LD (a ceterms:Pathway whose"
                    + " destination is the qualification, its components and ceterms:ComponentCondition rules), for"
                    + " publishing in the Credential Registry; ./pathways import ctdl reads it back.")
    @APIResponse(responseCode = "200", description = "The explanation; in text/plain, the words only; in"
            + " application/ld+json, the pathway as CTDL.",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = QualificationGuide.Explanation.class)),
                @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type =
                        org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
                @Content(mediaType = LD_JSON, schema = @Schema(type =
                        org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT,
                        description = "CTDL JSON-LD: @context and an @graph of the pathway, its components and"
                                + " their conditions."))})
    @APIResponse(responseCode = "404", description = "No qualification has this code, or no pathway defines it.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public QualificationGuide.Explanation explain(@PathParam("code") String code) {
        return find(code, QualificationGuide::explain);
    }

    @GET
    @Path("/{code}")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(hidden = true)
    public String explainText(@PathParam("code") String code) {
        return find(code, QualificationGuide::explain).text();
    }

    @GET
    @Path("/{code}")
    @Produces(LD_JSON)
    @Operation(hidden = true)
    public Map<String, Object> exportCtdl(@PathParam("code") String code) {
        Ruleset r = ruleset();
        return find(r, code, (guide, c) -> CtdlExport.of(r, c)).jsonLd();
    }

    @GET
    @Path("/{code}/graph")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(operationId = "getQualificationGraph", summary = "The qualification's pathway as a Mermaid flowchart",
            description = "Each qualification of the pathway is a box holding its requirement tree; an exit award"
                    + " is an arrow to its own box. Paste it into a mermaid code block of a Markdown file.")
    @APIResponse(responseCode = "200", description = "Mermaid flowchart source.",
            content = @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type =
                    org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "No qualification has this code, or no pathway defines it.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public String graph(@PathParam("code") String code) {
        return find(code, QualificationGuide::graph);
    }

    private <T> T find(String code, java.util.function.BiFunction<QualificationGuide, String, Optional<T>> what) {
        return find(ruleset(), code, what);
    }

    /** One ruleset throughout, so a reload meanwhile cannot mix two versions in one answer. */
    private <T> T find(Ruleset r, String code,
                       java.util.function.BiFunction<QualificationGuide, String, Optional<T>> what) {
        return what.apply(new QualificationGuide(r), code).orElseThrow(() -> new ProblemException(
                ProblemType.NOT_FOUND, r.catalog().qualification(code).isPresent()
                ? "qualification " + code + " is in the catalog, but no pathway says what it requires"
                : "no qualification has the code '" + code + "'; GET /api/v1/qualifications lists them"));
    }

    private Ruleset ruleset() {
        return holder.require();
    }
}
