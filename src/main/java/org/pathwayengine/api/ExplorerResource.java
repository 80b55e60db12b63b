package org.pathwayengine.api;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.problem.ProblemException;
import org.pathwayengine.service.ReloadAttempt;
import org.pathwayengine.service.RulesetReloader;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The pathway explorer page: its shell is open and holds no learner data (only which ruleset is served and how its
 * last reload went); its script reads pathways and evaluates learners through the API with a token the user gives.
 */
@Path("/explore")
@PermitAll
public class ExplorerResource {

    /**
     * What the page says about the rules before anyone signs in.
     *
     * @param version       the served version, or null when none is loaded yet
     * @param reloadOutcome the outcome of the last reload attempt, or null before the first
     * @param reloadErrors  how many errors and failing scenarios the last attempt reported
     */
    public record Served(String version, String loadedAt, int qualifications, String reloadOutcome,
                         String reloadTrigger, String reloadAt, String reloadMessage, int reloadErrors) {

        /** The first 12 characters of the version, as the command line shows it. */
        public String shortVersion() {
            return version == null ? null : version.substring(0, Math.min(12, version.length()));
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance explore(Served served);
    }

    /** Nothing but the service itself: the page works offline and no third party sees who opens it. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none';"
            + " frame-ancestors 'none'";

    private final RulesetReloader reloader;

    public ExplorerResource(RulesetReloader reloader) {
        this.reloader = reloader;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page() {
        return Response.ok(Templates.explore(served()).render())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .build();
    }

    private Served served() {
        RulesetReloader.Serving serving;
        try {
            serving = reloader.serving();
        } catch (ProblemException e) {
            // Before the first ruleset loads the page still opens, and says so.
            return new Served(null, null, 0, null, null, null, null, 0);
        }
        Ruleset r = serving.ruleset();
        ReloadAttempt last = serving.lastAttempt();
        if (last == null) {
            return new Served(r.version(), when(r.loadedAt()), r.awards().size(), null, null, null, null, 0);
        }
        return new Served(r.version(), when(r.loadedAt()), r.awards().size(), last.outcome().name(),
                last.trigger().name().toLowerCase(java.util.Locale.ROOT), when(last.at()), last.message(),
                size(last.errors()) + size(last.failedScenarios()));
    }

    private static int size(java.util.List<?> list) {
        return list == null ? 0 : list.size();
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private static String when(Instant at) {
        return at == null ? null : WHEN.format(at);
    }
}
