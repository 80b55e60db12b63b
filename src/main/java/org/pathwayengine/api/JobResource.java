package org.pathwayengine.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.pathwayengine.problem.Problem;
import org.pathwayengine.service.RecheckJobs;

import java.util.List;

/** Re-checks of every stored learner, one per ruleset version that went live: progress and who moved. */
@Path("/api/v1/jobs")
@Tag(name = "Jobs",
        description = "Re-checks of every stored learner after the served rules change.")
public class JobResource {

    private final RecheckJobs jobs;
    private final io.quarkus.security.identity.SecurityIdentity identity;

    public JobResource(RecheckJobs jobs, io.quarkus.security.identity.SecurityIdentity identity) {
        this.jobs = jobs;
        this.identity = identity;
    }

    /** Learners are named only to those who may read learner records (registrars, admins); others see counts. */
    private RecheckJobs.Job shown(RecheckJobs.Job job) {
        if (identity.hasRole(Roles.REGISTRAR) || identity.hasRole(Roles.ADMIN)) {
            return job;
        }
        return job.withoutNames();
    }

    @RolesAllowed({Roles.REGISTRAR, Roles.CURRICULUM, Roles.ADMIN})
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listJobs",
            summary = "Recent re-check jobs", description = "The 20 most recent, newest first.")
    @APIResponse(responseCode = "200", description = "The jobs.",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = RecheckJobs.Job.class)))
    @APIResponse(responseCode = "503", description = "No database is configured or it does not answer.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<RecheckJobs.Job> recent() {
        return jobs.recent(20).stream().map(this::shown).toList();
    }

    @RolesAllowed({Roles.REGISTRAR, Roles.CURRICULUM, Roles.ADMIN})
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getJob", summary = "A re-check job",
            description = "When a ruleset goes live, every stored learner is re-checked on it: progress (done, total,"
                    + " rate, time left) and, per qualification, who became eligible and who stopped being (named"
                    + " only to registrars and admins; others see the counts).")
    @APIResponse(responseCode = "200", description = "The job.",
            content = @Content(schema = @Schema(implementation = RecheckJobs.Job.class)))
    @APIResponse(responseCode = "400", description = "The id is not a UUID.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No job has this id.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No database is configured or it does not answer.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RecheckJobs.Job find(@PathParam("id") String id) {
        return shown(jobs.find(EvaluationResource.uuid(id)));
    }
}
