package org.pathwayengine.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.pathwayengine.evaluation.EvaluationRequest;
import org.pathwayengine.evaluation.EvaluationResult;
import org.pathwayengine.evaluation.HeldCredential;
import org.pathwayengine.evaluation.GrantedException;
import org.pathwayengine.evaluation.Status;
import org.pathwayengine.problem.Problem;
import org.pathwayengine.problem.ProblemException;
import org.pathwayengine.problem.ProblemType;
import org.pathwayengine.service.EvaluationService;
import org.pathwayengine.service.LearnerRecords;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Learner records: what each learner holds, kept by the service under the calling system's id, every change to
 * it, evaluations of it and the learner's history of them.
 */
@Path("/api/v1/learners")
@Tag(name = "Learners",
        description = "Stored learner records: credentials, registrar exceptions, evaluations and their history.")
public class LearnerResource {

    /** The body of a PUT: everything the learner holds now. */
    @Schema(name = "LearnerUpdate", description = "Everything the learner holds now; credentials the record holds"
            + " that are not listed are revoked.")
    public record Update(
            @NotNull @Size(max = EvaluationRequest.MAX_HELD)
            List<@NotNull @Valid HeldCredential> held) {
    }

    private final LearnerRecords records;
    private final EvaluationService evaluations;
    /** What every write's description says about the evaluation after it. */
    private static final String EVALUATED = "A write that changes the record is evaluated at once (eligibility"
            + " only, on the served rules) and the answer joins the learner's history; a change of eligibility is"
            + " announced as a qualification.eligible or qualification.no-longer-eligible event.";
    private final SecurityIdentity identity;

    public LearnerResource(LearnerRecords records, EvaluationService evaluations, SecurityIdentity identity) {
        this.records = records;
        this.evaluations = evaluations;
        this.identity = identity;
    }

    @RolesAllowed({Roles.LMS, Roles.REGISTRAR, Roles.ADMIN})
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "putLearner", summary = "Create or update a learner's record",
            description = "The record holds exactly the credentials sent: new codes are added, codes held with other"
                    + " details are corrected, codes not sent are revoked; each change is kept with who and when."
                    + " Sending the same body again changes nothing (the version stays). With If-Match: \"N\", the"
                    + " write happens only if the record is still at version N. " + EVALUATED)
    @APIResponse(responseCode = "200", description = "The record after the write, and what the write changed;"
            + " ETag is its version.",
            content = @Content(schema = @Schema(implementation = LearnerRecords.Written.class)))
    @APIResponse(responseCode = "201", description = "The record was created.",
            content = @Content(schema = @Schema(implementation = LearnerRecords.Written.class)))
    @APIResponse(responseCode = "400", description = "The id or body is invalid; violations name each field.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match names another version than the record's.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No database is configured or it does not answer.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response replace(@PathParam("id") String id, @NotNull @Valid Update body,
                            @HeaderParam("If-Match") String ifMatch, @Context UriInfo uri) {
        return written(records.replace(learnerId(id), body.held(), precondition(ifMatch), actor()), uri);
    }

    @RolesAllowed({Roles.LMS, Roles.REGISTRAR, Roles.ADMIN})
    @POST
    @Path("/{id}/credentials")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "addLearnerCredential", summary = "Add one credential to a learner's record",
            description = "Adds it, or corrects it when the learner already holds that code; creates the record when"
                    + " there is none. Writers to one learner take turns: none loses another's credential. " + EVALUATED)
    @APIResponse(responseCode = "200", description = "The record after the write, and what it changed.",
            content = @Content(schema = @Schema(implementation = LearnerRecords.Written.class)))
    @APIResponse(responseCode = "201", description = "The record was created.",
            content = @Content(schema = @Schema(implementation = LearnerRecords.Written.class)))
    @APIResponse(responseCode = "400", description = "The id or credential is invalid.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match names another version than the record's.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No database is configured or it does not answer.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response add(@PathParam("id") String id, @NotNull @Valid HeldCredential credential,
                        @HeaderParam("If-Match") String ifMatch, @Context UriInfo uri) {
        return written(records.put(learnerId(id), credential, precondition(ifMatch), actor()), uri);
    }

    @RolesAllowed({Roles.LMS, Roles.REGISTRAR, Roles.ADMIN})
    @DELETE
    @Path("/{id}/credentials/{code}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "revokeLearnerCredential", summary = "Revoke a credential from a learner's record",
            description = "The learner no longer holds it, so it no longer counts; the change keeps it as it was. "
                    + EVALUATED)
    @APIResponse(responseCode = "200", description = "The record after the write, and the revocation.",
            content = @Content(schema = @Schema(implementation = LearnerRecords.Written.class)))
    @APIResponse(responseCode = "404", description = "No such learner, or the learner does not hold this code.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match names another version than the record's.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No database is configured or it does not answer.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response revoke(@PathParam("id") String id, @PathParam("code") String code,
                           @HeaderParam("If-Match") String ifMatch, @Context UriInfo uri) {
        return written(records.revoke(learnerId(id), code, precondition(ifMatch), actor()), uri);
    }

    @RolesAllowed({Roles.LMS, Roles.REGISTRAR, Roles.ADMIN})
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getLearner",
            summary = "A learner's record", description = "The credentials held now; ETag is the version.")
    @APIResponse(responseCode = "200", description = "The record.",
            content = @Content(schema = @Schema(implementation = LearnerRecords.Learner.class)))
    @APIResponse(responseCode = "404", description = "No learner record has this id.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No database is configured or it does not answer.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response find(@PathParam("id") String id) {
        LearnerRecords.Learner learner = records.find(learnerId(id));
        return Response.ok(learner).tag(Long.toString(learner.version())).build();
    }

    @RolesAllowed({Roles.LMS, Roles.REGISTRAR, Roles.ADMIN})
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listLearners", summary = "List learners",
            description = "In id order, a page at a time; by id prefix, and by the status of a qualification in each"
                    + " learner's latest evaluation of their record.")
    @APIResponse(responseCode = "200", description = "One page.",
            content = @Content(schema = @Schema(implementation = LearnerRecords.Page.class)))
    @APIResponse(responseCode = "400", description = "A parameter is invalid; the violation names it.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No database is configured or it does not answer.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LearnerRecords.Page list(
            @QueryParam("idPrefix") @Parameter(description = "Only ids that start with this.") String prefix,
            @QueryParam("after") @Parameter(description = "The previous page's next.") String after,
            @QueryParam("limit") @Parameter(description = "Learners per page, 1 to 500 (default 100).",
                    schema = @Schema(type = SchemaType.INTEGER)) String limit,
            @QueryParam("qualification") @Parameter(description = "With status: only learners whose latest"
                    + " evaluation gave this qualification that status.") String qualification,
            @QueryParam("status") @Parameter(description = "ELIGIBLE, IN_PROGRESS or NOT_STARTED; with"
                    + " qualification.") String status) {
        if ((qualification == null) != (status == null)) {
            throw ProblemException.invalid(qualification == null ? "qualification" : "status",
                    "qualification and status go together");
        }
        if (status != null && java.util.Arrays.stream(Status.values()).noneMatch(s -> s.name().equals(status))) {
            throw ProblemException.invalid("status", "must be ELIGIBLE, IN_PROGRESS or NOT_STARTED");
        }
        if (prefix != null && !prefix.isEmpty()) {
            text("idPrefix", prefix, 200);
        }
        if (after != null && !after.isEmpty()) {
            text("after", after, 200);
        }
        if (qualification != null) {
            text("qualification", qualification, 100);
        }
        return records.list(prefix, after, number("limit", limit, 100, LearnerRecords.MAX_PAGE), qualification,
                status);
    }

    @RolesAllowed({Roles.LMS, Roles.REGISTRAR, Roles.ADMIN})
    @GET
    @Path("/{id}/changes")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listLearnerChanges",
            summary = "Every change to a learner's record", description = "Oldest first: what, who, when.")
    @APIResponse(responseCode = "200", description = "The changes.",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY,
                    implementation = LearnerRecords.Change.class)))
    @APIResponse(responseCode = "404", description = "No learner record has this id.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No database is configured or it does not answer.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<LearnerRecords.Change> changes(@PathParam("id") String id) {
        return records.changes(learnerId(id));
    }

    @RolesAllowed({Roles.LMS, Roles.REGISTRAR, Roles.ADMIN})
    @GET
    @Path("/{id}/evaluation")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "evaluateLearner", summary = "Evaluate a learner's record",
            description = "Evaluates what the record holds now, as POST /api/v1/evaluations would, and records the"
                    + " answer in the learner's history.")
    @APIResponse(responseCode = "200", description = "The evaluation.",
            content = @Content(schema = @Schema(implementation = EvaluationResult.class)))
    @APIResponse(responseCode = "404", description = "No learner record has this id.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No database is configured or it does not answer.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public EvaluationResult evaluate(@PathParam("id") String id,
                                     @QueryParam("asOf") @Parameter(description = "Evaluate as of this date"
                                             + " (ISO 8601); default today.") String asOf,
                                     @QueryParam("nextSteps") @Parameter(description = "false: without next steps,"
                                             + " as for POST /api/v1/evaluations.",
                                             schema = @Schema(type = SchemaType.BOOLEAN)) String nextSteps) {
        LocalDate date = null;
        if (asOf != null) {
            try {
                date = LocalDate.parse(asOf);
            } catch (DateTimeParseException e) {
                throw ProblemException.invalid("asOf", "must be a date such as 2026-11-01");
            }
        }
        return evaluations.evaluateRecord(learnerId(id), date, EvaluationResource.advise(nextSteps));
    }

    @RolesAllowed({Roles.REGISTRAR, Roles.ADMIN})
    @GET
    @Path("/{id}/evaluations")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listLearnerEvaluations", summary = "A learner's evaluation history",
            description = "Evaluations of the learner's record, newest first, each with the statuses that changed"
                    + " since the one before (\"became ELIGIBLE for AI-LIT-CERT on 2026-03-02 under ruleset …\").")
    @APIResponse(responseCode = "200", description = "The history.",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY,
                    implementation = LearnerRecords.HistoryEntry.class)))
    @APIResponse(responseCode = "404", description = "No learner record has this id.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No database is configured or it does not answer.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<LearnerRecords.HistoryEntry> history(@PathParam("id") String id,
                                                     @QueryParam("limit") @Parameter(description = "Most entries,"
                                                             + " 1 to 200 (default 50).",
                                                             schema = @Schema(type = SchemaType.INTEGER))
                                                     String limit) {
        return records.history(learnerId(id), number("limit", limit, 50, LearnerRecords.MAX_HISTORY));
    }

    @RolesAllowed({Roles.REGISTRAR, Roles.ADMIN})
    @DELETE
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "deleteLearner", summary = "Delete a learner (a data-protection request)",
            description = "Removes the record, its changes and every recorded evaluation naming the learner's id,"
                    + " and says what was removed and what was kept.")
    @APIResponse(responseCode = "200", description = "What was removed and kept.",
            content = @Content(schema = @Schema(implementation = LearnerRecords.Deleted.class)))
    @APIResponse(responseCode = "404", description = "No learner record has this id.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No database is configured or it does not answer.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LearnerRecords.Deleted delete(@PathParam("id") String id) {
        return records.delete(learnerId(id));
    }

    /**
     * The answer to a write. A write that changed the record is evaluated first (eligibility only), so that a change
     * of eligibility joins the learner's history and is announced as an event at once.
     */
    private Response written(LearnerRecords.Written written, UriInfo uri) {
        if (written.created() || !written.changes().isEmpty()) {
            evaluations.reevaluate(written.learner().id());
        }
        Response.ResponseBuilder answer = written.created()
                // The id as a template value, so that braces or percent signs in it are encoded, not interpreted.
                ? Response.created(uri.getBaseUriBuilder().path("api/v1/learners/{id}")
                .build(written.learner().id()))
                : Response.ok();
        return answer.entity(written).tag(Long.toString(written.learner().version())).build();
    }

    /** An id as the calling system gives it: 1 to 200 characters, none of them control characters. */
    static String learnerId(String id) {
        return text("id", id, 200);
    }

    /** A text parameter: 1 to {@code most} characters, none of them control characters (PostgreSQL refuses NUL). */
    private static String text(String field, String value, int most) {
        if (value == null || value.isEmpty() || value.length() > most) {
            throw ProblemException.invalid(field, "must be 1 to " + most + " characters");
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw ProblemException.invalid(field, "must not contain control characters");
        }
        return value;
    }

    /**
     * If-Match: none, "*" (any existing record), or a list of strong ETags, which matches when the record is at any
     * version it names (RFC 9110).
     */
    static LearnerRecords.Precondition precondition(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return LearnerRecords.Precondition.NONE;
        }
        String value = ifMatch.trim();
        String shown = value.length() > 60 ? value.substring(0, 60) + "…" : value;
        if (value.equals("*")) {
            return new LearnerRecords.Precondition(true, List.of(), shown);
        }
        List<Long> versions = new java.util.ArrayList<>();
        for (String tag : value.split(",")) {
            String t = tag.trim();
            // A weak or foreign tag names no version of this record: it never matches.
            if (t.matches("\"[0-9]{1,18}\"")) {
                versions.add(Long.parseLong(t.substring(1, t.length() - 1)));
            }
        }
        return new LearnerRecords.Precondition(true, versions.isEmpty() ? List.of(-1L) : versions, shown);
    }

    private static int number(String field, String value, int otherwise, int most) {
        if (value == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= most) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ProblemException.invalid(field, "must be a whole number from 1 to " + most);
    }

    @RolesAllowed({Roles.REGISTRAR, Roles.ADMIN})
    @POST
    @Path("/{id}/exceptions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "grantLearnerException", summary = "Grant a registrar's exception to a learner",
            description = "Waive a requirement (WAIVE: it no longer applies to this learner), force one complete"
                    + " (FORCE_COMPLETE: met on evidence outside the record), substitute one credential for another"
                    + " (SUBSTITUTE: the held credential counts as the catalog one), allow a credential in a"
                    + " requirement it would not normally count for (ALLOW), or extend a credential's validity"
                    + " (EXTEND_VALIDITY). The author is the token's subject and the grant date today; `expires`"
                    + " optionally ends it. The qualification, requirement and substitute must exist in the served"
                    + " rules. The record is then evaluated (eligibility only), so a change of eligibility joins the"
                    + " history and is announced; every evaluation of the record says, per exception, what it"
                    + " changed or that it changes nothing.")
    @APIResponse(responseCode = "201", description = "Recorded; Location names it.",
            content = @Content(schema = @Schema(implementation = LearnerRecords.RecordedException.class)))
    @APIResponse(responseCode = "400", description = "A field is missing, not used by the kind, or names what the"
            + " served rules do not have.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such learner.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The learner already has an exception with this id (withdrawn"
            + " ones keep theirs), or already has the most standing exceptions one learner may have (20).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No database is configured or it does not answer, or no ruleset"
            + " is loaded to check the exception against.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response grant(@PathParam("id") String id, @NotNull @Valid GrantedException exception,
                          @Context UriInfo uri) {
        String learner = learnerId(id);
        List<Problem.Violation> violations = new java.util.ArrayList<>(
                EvaluationService.exceptionViolations(exception, ""));
        if (exception.author() != null) {
            violations.add(new Problem.Violation("author", "is set from the token; leave it out"));
        }
        if (exception.granted() != null) {
            violations.add(new Problem.Violation("granted", "is set to today; leave it out"));
        }
        if (violations.isEmpty()) {
            violations.addAll(evaluations.unknownTo(exception));
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, violations.size() == 1
                    ? violations.get(0).field() + ": " + violations.get(0).message()
                    : violations.size() + " fields are invalid; see violations", violations);
        }
        LearnerRecords.RecordedException recorded = records.grant(learner, exception, actor());
        evaluations.reevaluate(learner);
        return Response.created(uri.getBaseUriBuilder().path("api/v1/learners/{id}/exceptions/{exception}")
                .build(learner, exception.id())).entity(recorded).build();
    }

    @RolesAllowed({Roles.LMS, Roles.REGISTRAR, Roles.ADMIN})
    @GET
    @Path("/{id}/exceptions")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listLearnerExceptions", summary = "A learner's exceptions",
            description = "Every exception granted to the learner, withdrawn ones too (marked), oldest first.")
    @APIResponse(responseCode = "200", description = "The learner's exceptions, oldest first.",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY,
                    implementation = LearnerRecords.RecordedException.class)))
    @APIResponse(responseCode = "404", description = "No such learner.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<LearnerRecords.RecordedException> exceptions(@PathParam("id") String id) {
        return records.exceptions(learnerId(id));
    }

    @RolesAllowed({Roles.REGISTRAR, Roles.ADMIN})
    @DELETE
    @Path("/{id}/exceptions/{exception}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "withdrawLearnerException", summary = "Withdraw a learner's exception",
            description = "It stays on the record, marked withdrawn with who and when, and no longer applies; the"
                    + " record is evaluated again, so a change of eligibility is announced.")
    @APIResponse(responseCode = "200", description = "The exception, withdrawn.",
            content = @Content(schema = @Schema(implementation = LearnerRecords.RecordedException.class)))
    @APIResponse(responseCode = "404", description = "No such learner or exception.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "It was withdrawn already.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LearnerRecords.RecordedException withdraw(@PathParam("id") String id,
                                                     @PathParam("exception") String exception) {
        String learner = learnerId(id);
        LearnerRecords.RecordedException withdrawn = records.withdraw(learner, text("exception", exception, 80),
                actor());
        evaluations.reevaluate(learner);
        return withdrawn;
    }

    private String actor() {
        String name = identity.isAnonymous() || identity.getPrincipal() == null ? null
                : identity.getPrincipal().getName();
        return name == null || name.isBlank() ? "unknown" : name.length() > 200 ? name.substring(0, 200) : name;
    }
}
