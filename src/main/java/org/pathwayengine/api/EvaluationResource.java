package org.pathwayengine.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.pathwayengine.evaluation.EvaluationRequest;
import org.pathwayengine.evaluation.EvaluationResult;
import org.pathwayengine.problem.Problem;
import org.pathwayengine.problem.ProblemException;
import org.pathwayengine.service.EvaluationService;
import org.pathwayengine.service.Recorder;
import org.pathwayengine.service.Replayer;

import java.util.UUID;

/**
 * The evaluation API: what a learner's credentials add up to, and past answers by id.
 */
@Path("/api/v1/evaluations")
@Tag(name = "Evaluations",
        description = "Evaluate held credentials; fetch and replay recorded evaluations.")
public class EvaluationResource {

    private static final java.util.regex.Pattern CANONICAL_UUID = java.util.regex.Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final EvaluationService service;
    private final Recorder recorder;
    private final Replayer replayer;

    public EvaluationResource(EvaluationService service, Recorder recorder, Replayer replayer) {
        this.service = service;
        this.recorder = recorder;
        this.replayer = replayer;
    }

    @RolesAllowed({Roles.LMS, Roles.REGISTRAR, Roles.ADMIN})
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "evaluate", summary = "Evaluate a learner's held credentials",
            description = "Answers which qualifications the credentials make the learner eligible for, progress on"
                    + " the others with what is missing, and which credentials did not count and why. The answer is"
                    + " recorded when a database is configured.")
    @APIResponse(responseCode = "200", description = "The evaluation (also when nothing is eligible).",
            content = @Content(schema = @Schema(implementation = EvaluationResult.class)))
    @APIResponse(responseCode = "400", description = "The body is malformed or invalid; violations name each field.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The body is too large.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public EvaluationResult evaluate(@NotNull @Valid EvaluationRequest request,
            @jakarta.ws.rs.QueryParam("nextSteps")
            @org.eclipse.microprofile.openapi.annotations.parameters.Parameter(description = "false: answer what the"
                    + " held credentials earn without planning next steps (nextSteps, notPlanned and prerequisites"
                    + " are left out, and firedRules lists only rules that fired on the learner's own credentials);"
                    + " every other field is as in a full answer, at a fraction of the cost. Default true.",
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.BOOLEAN))
            String nextSteps,
            @jakarta.ws.rs.QueryParam("openBadges")
            @org.eclipse.microprofile.openapi.annotations.parameters.Parameter(description = "true: add to each"
                    + " ELIGIBLE qualification that stands (no what-if or pending-review credential decides it) the"
                    + " unsigned Open Badges 3.0 AchievementCredential its awarding body would sign and issue"
                    + " (qualifications[].openBadge). Default false.",
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.BOOLEAN))
            String openBadges) {
        return service.evaluate(request, advise(nextSteps), flag("openBadges", openBadges, false));
    }

    @RolesAllowed({Roles.REGISTRAR, Roles.ADMIN})
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getEvaluation",
            summary = "Fetch a recorded evaluation", description = "The answer exactly as it was given.")
    @APIResponse(responseCode = "200", description = "The recorded evaluation.",
            content = @Content(schema = @Schema(implementation = EvaluationResult.class)))
    @APIResponse(responseCode = "400", description = "The id is not a UUID.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No evaluation has this id.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No database is configured or it does not answer.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response find(@PathParam("id") String id) {
        return Response.ok(recorder.find(uuid(id)), MediaType.APPLICATION_JSON).build();
    }

    @RolesAllowed({Roles.REGISTRAR, Roles.ADMIN})
    @POST
    @Path("/{id}/replay")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replayEvaluation", summary = "Replay a recorded evaluation",
            description = "Evaluates the recorded request again, as of the same date, on the ruleset version that"
                    + " answered it (its files are archived with the first answer it gave), and says whether the"
                    + " answer is still the same, field by field. Nothing is recorded.")
    @APIResponse(responseCode = "200", description = "The comparison.",
            content = @Content(schema = @Schema(implementation = Replayer.Replay.class)))
    @APIResponse(responseCode = "404", description = "No evaluation has this id.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The ruleset that answered it was not archived, or no longer"
            + " loads.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No database is configured or it does not answer.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Replayer.Replay replay(@PathParam("id") String id) {
        return replayer.replay(uuid(id));
    }

    /** A canonical UUID from a path, or a 400 problem naming the id. */
    static UUID uuid(String id) {
        // UUID.fromString also takes shortened forms such as 1-1-1-1-1; an id is only ever the canonical form.
        if (!CANONICAL_UUID.matcher(id).matches()) {
            throw ProblemException.invalid("id", "must be a UUID such as 3f2b8a0e-6c1d-4f7e-9a55-2b0c8d1e4f60");
        }
        return UUID.fromString(id);
    }

    /** The nextSteps query parameter: absent or true (either case) to plan next steps, false not to. */
    static boolean advise(String nextSteps) {
        return flag("nextSteps", nextSteps, true);
    }

    /** A true/false query parameter, absent meaning the default; anything else is a 400 naming it. */
    static boolean flag(String name, String value, boolean absent) {
        if (value == null) {
            return absent;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw ProblemException.invalid(name, "must be true or false");
    }
}
