package org.pathwayengine.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.pathwayengine.designer.Impact;
import org.pathwayengine.model.RuleFile;
import org.pathwayengine.model.RuleInfo;
import org.pathwayengine.model.RuleProblem;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.problem.Problem;
import org.pathwayengine.problem.ProblemException;
import org.pathwayengine.service.ImpactPreview;
import org.pathwayengine.problem.ProblemType;
import org.pathwayengine.service.ReloadAttempt;
import org.pathwayengine.service.ReloadStatus;
import org.pathwayengine.service.RulesetConfig;
import org.pathwayengine.service.StoredImpact;
import org.pathwayengine.service.RulesetHolder;
import org.pathwayengine.service.RulesetReloader;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * What ruleset the service is serving (version, files, rules, counts, the last reload attempt) for operators and
 * designers, and a reload on demand.
 */
@Path("/api/v1/rulesets")
@Tag(name = "Rulesets",
        description = "The rules being served, their reloads, and the impact of a change before it is served.")
public class RulesetResource {

    /** A summary of the ruleset being served. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record RulesetSummary(String version, Instant loadedAt, String directory, int qualifications,
                                 int microcredentials, List<RuleFile> files, List<RuleInfo> rules,
                                 List<RuleProblem> warnings,
                                 @Schema(description = "The last attempt to reload the rules since the service"
                                         + " started, by the watcher or an operator; absent before the first.")
                                 ReloadAttempt lastReload) {
    }

    private final RulesetHolder holder;
    private final RulesetReloader reloader;
    private final ImpactPreview preview;
    private final SecurityIdentity identity;
    private final RulesetConfig config;
    private final StoredImpact storedImpact;

    public RulesetResource(RulesetHolder holder, RulesetReloader reloader, ImpactPreview preview,
                           SecurityIdentity identity, RulesetConfig config, StoredImpact storedImpact) {
        this.storedImpact = storedImpact;
        this.holder = holder;
        this.config = config;
        this.reloader = reloader;
        this.preview = preview;
        this.identity = identity;
    }

    @RolesAllowed({Roles.CURRICULUM, Roles.ADMIN})
    @POST
    @Path("/reload")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "reloadRuleset", summary = "Reload the rules directory now",
            description = "Reads the rules directory; when it differs from the version being served, compiles it"
                    + " and runs its scenarios, and serves it only if everything passes. Evaluations under way finish"
                    + " on the version they started with. The service also does this by itself when it watches the"
                    + " directory. The request waits for the attempt up to pathways.rules.reload.answer-within (20 s); a"
                    + " larger ruleset takes longer, and the answer is then 202 with a Location to poll. A caller"
                    + " may ask to wait less (RFC 7240): Prefer: wait=5, or Prefer: respond-async for 202 at once.")
    @APIResponse(responseCode = "200", description = "The attempt and its outcome. A REJECTED candidate is an answer,"
            + " not an error: its errors and failing scenarios are listed and the previous version keeps serving."
            + " Content-Location names the request, as GET /api/v1/rulesets/reloads/{id} answers it.",
            content = @Content(schema = @Schema(implementation = ReloadAttempt.class)))
    @APIResponse(responseCode = "202", description = "The attempt was not over within the wait; Location is where to"
            + " ask how it ended (GET /api/v1/rulesets/reloads/{id}), Retry-After how many seconds to wait first.",
            content = @Content(schema = @Schema(implementation = ReloadStatus.class)))
    @APIResponse(responseCode = "500", description = "A defect; the body carries an incident id.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CompletionStage<Response> reload(
            @HeaderParam("Prefer")
            @org.eclipse.microprofile.openapi.annotations.parameters.Parameter(description = "RFC 7240 preferences:"
                    + " wait=SECONDS to wait at most that long (never longer than the service's own wait),"
                    + " respond-async to be answered 202 at once unless wait is also given. Others are ignored.")
            String prefer, @Context UriInfo uri) {
        RulesetReloader.Request request = reloader.reload();
        // Resolved here, on the request's thread: the 202 may be built on another.
        URI location = uri.getBaseUriBuilder().path("api/v1/rulesets/reloads").path(request.id()).build();
        Preferences preferences = Preferences.parse(prefer);
        Duration most = config.reload().answerWithin();
        Duration wait = preferences.waitWithin(most);
        CompletableFuture<Response> answer = new CompletableFuture<>();
        request.attempt().whenComplete((attempt, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else {
                answer.complete(Response.ok(attempt).header("Content-Location", location)
                        .header("Preference-Applied", preferences.applied(false, most)).build());
            }
        });
        if (!answer.isDone()) {
            CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                try {
                    if (!request.attempt().isDone()) {
                        answer.complete(accepted(request, location, preferences.applied(true, most)));
                    }
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
        }
        return answer;
    }

    @RolesAllowed({Roles.CURRICULUM, Roles.ADMIN})
    @GET
    @Path("/reloads/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getReload", summary = "How an operator's reload request stands",
            description = "For a caller answered 202 by POST /api/v1/rulesets/reload: QUEUED, RUNNING, or DONE with the"
                    + " attempt (as POST answers it when it is over in time). The service keeps its latest "
                    + RulesetReloader.KEPT_REQUESTS + " requests since it started; each pod keeps its own.")
    @APIResponse(responseCode = "200", description = "Where the request stands; while it is not over, Retry-After"
            + " says how many seconds to wait before asking again.",
            content = @Content(schema = @Schema(implementation = ReloadStatus.class)))
    @APIResponse(responseCode = "404", description = "This service made no request with this id, or no longer keeps"
            + " it.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response reloadStatus(@PathParam("id") String id) {
        RulesetReloader.Request request = reloader.request(id).orElseThrow(() -> new ProblemException(
                ProblemType.NOT_FOUND, "no reload request " + id + " is known to this service: it keeps the latest "
                + RulesetReloader.KEPT_REQUESTS + " since it started",
                List.of(new Problem.Violation("id", "no such reload request"))));
        ReloadStatus status = ReloadStatus.of(request);
        Response.ResponseBuilder answer = Response.ok(status);
        if (status.state() == ReloadStatus.State.QUEUED || status.state() == ReloadStatus.State.RUNNING) {
            answer.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return answer.build();
    }

    /** Seconds a caller answered 202 is asked to wait before polling: a reload of a large ruleset takes tens. */
    private static final int RETRY_AFTER_SECONDS = 2;

    private static Response accepted(RulesetReloader.Request request, URI location, String preferencesApplied) {
        return Response.accepted(ReloadStatus.of(request))
                .location(location)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .header("Preference-Applied", preferencesApplied)
                .build();
    }

    @RolesAllowed({Roles.CURRICULUM, Roles.ADMIN})
    @POST
    @Path("/impact")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "previewImpact",
            summary = "The effect of the rules directory's current content, before it is served",
            description = "Loads the rules directory as it now is, without serving it, and evaluates the same learners"
                    + " on it and on the ruleset being served: every scenario's learner, and the most recently"
                    + " recorded evaluations (each as of the date it was answered). Answers the status moves per"
                    + " qualification and, learner by learner, every outcome that differs. Run it before"
                    + " POST /api/v1/rulesets/reload, with the watcher off (pathways.rules.watch.enabled=false), to see"
                    + " what a change will do to real learners before it goes live. ./pathways impact does the same"
                    + " for two directories.")
    @APIResponse(responseCode = "200", description = "The comparison; nothing is served differently.",
            content = @Content(schema = @Schema(implementation = Impact.Report.class)))
    @APIResponse(responseCode = "400", description = "recorded is out of range.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The rules directory does not load; each error is a violation"
            + " named file:line.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The database did not answer.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Impact.Report impact(
            @jakarta.ws.rs.QueryParam("recorded") @jakarta.ws.rs.DefaultValue("50")
            @org.eclipse.microprofile.openapi.annotations.parameters.Parameter(description = "How many of the most"
                    + " recent recorded evaluations to replay, 0 to 500.",
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER))
            String recorded) {
        int count;
        try {
            count = Integer.parseInt(recorded.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("recorded", "must be a whole number from 0 to "
                    + ImpactPreview.MAX_RECORDED);
        }
        return preview.preview(count, identity.hasRole(Roles.REGISTRAR) || identity.hasRole(Roles.ADMIN));
    }

    @RolesAllowed({Roles.CURRICULUM, Roles.ADMIN})
    @POST
    @Path("/impact/stored")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "previewImpactOnStored",
            summary = "The effect of the rules directory's current content on every stored learner",
            description = "Starts evaluating every stored learner record (as of today, without next steps) on the"
                    + " ruleset being served and on the rules directory as it now is, a page of learners at a time,"
                    + " and counts per qualification the learners the change would make eligible and those it would"
                    + " make lose eligibility (naming the first 20 only to callers who may also read learner records:"
                    + " the registrar or admin role). Nothing is served or recorded. Answers 202 at once; poll"
                    + " Location. One runs at a time: while one runs, this answers that one.")
    @APIResponse(responseCode = "202", description = "Started; Location is where to follow it.",
            content = @Content(schema = @Schema(implementation = StoredImpact.Status.class)))
    @APIResponse(responseCode = "503", description = "No database is configured or it does not answer.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response impactOnStored(@Context UriInfo uri) {
        StoredImpact.Status started = storedImpact.start(mayReadLearners());
        return Response.accepted(started)
                .location(uri.getBaseUriBuilder().path("api/v1/rulesets/impact/stored/{id}").build(started.id()))
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    /** Whether the caller may read learner records (a registrar or an admin): only then are learners named. */
    private boolean mayReadLearners() {
        return identity.hasRole(Roles.REGISTRAR) || identity.hasRole(Roles.ADMIN);
    }

    @RolesAllowed({Roles.CURRICULUM, Roles.ADMIN})
    @GET
    @Path("/impact/stored/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getImpactOnStored", summary = "How an impact preview over stored learners stands",
            description = "RUNNING with done of total, DONE, or FAILED with the reason (the rules directory does not"
                    + " load, say); the moves so far. This instance keeps its latest 20 previews.")
    @APIResponse(responseCode = "200", description = "The preview.",
            content = @Content(schema = @Schema(implementation = StoredImpact.Status.class)))
    @APIResponse(responseCode = "400", description = "The id is not a UUID.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "This instance made no preview with this id, or no longer keeps"
            + " it.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response impactOnStoredStatus(@PathParam("id") String id) {
        StoredImpact.Status status = storedImpact.find(EvaluationResource.uuid(id), mayReadLearners()).orElseThrow(() ->
                new ProblemException(ProblemType.NOT_FOUND, "no impact preview " + id + " is kept by this"
                        + " instance", List.of(new Problem.Violation("id", "no such preview"))));
        Response.ResponseBuilder answer = Response.ok(status);
        if (status.state().equals("RUNNING")) {
            answer.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return answer.build();
    }

    @RolesAllowed({Roles.CURRICULUM, Roles.ADMIN})
    @GET
    @Path("/current/drl")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(operationId = "getRulesetDrl", summary = "Everything Drools runs for the current ruleset",
            description = "The engine's own rules and every policy file, as compiled, each headed by its path."
                    + " Pathway requirements reach Drools as Requirement facts matched by the SYS-CANDIDATE rules.")
    public String drl() {
        Ruleset r = holder.require();
        StringBuilder out = new StringBuilder();
        r.drl().forEach((path, text) -> out.append("// ==== ").append(path).append(" ====\n").append(text)
                .append(text.endsWith("\n") ? "" : "\n").append('\n'));
        return out.toString();
    }

    @RolesAllowed({Roles.LMS, Roles.REGISTRAR, Roles.CURRICULUM, Roles.ADMIN})
    @GET
    @Path("/current")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCurrentRuleset", summary = "The ruleset being served",
            description = "Version (content hash), when it was loaded, its files, every rule id with its description,"
                    + " the warnings found when it was validated, and the last reload attempt.")
    public RulesetSummary current() {
        RulesetReloader.Serving serving = reloader.serving();
        Ruleset r = serving.ruleset();
        return new RulesetSummary(r.version(), r.loadedAt(), r.directory(), r.awards().size(),
                r.catalog().microcredentials().size(), r.files(), r.rules(), r.warnings(), serving.lastAttempt());
    }
}
