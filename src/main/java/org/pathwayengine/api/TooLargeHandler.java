package org.pathwayengine.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.pathwayengine.problem.Problem;
import org.pathwayengine.problem.ProblemType;

import java.util.List;

/**
 * Refuses a body over the size limit before it is read, with the same problem+json body as every other error
 * (the HTTP layer's own refusal has no body). A body without a length (chunked, or HTTP/2) is still cut off by that
 * layer, with a bare 413, once it outgrows the limit.
 */
@ApplicationScoped
public class TooLargeHandler {

    private final long limit;

    public TooLargeHandler(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    private static void refuse(RoutingContext ctx, String detail) {
        ProblemType type = ProblemType.PAYLOAD_TOO_LARGE;
        Problem body = Problem.of(type, detail, ctx.request().path(), List.of());
        ctx.response().setStatusCode(type.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            // The unread body would otherwise be taken as the next request. HTTP/2 forbids the header (the
            // stream is reset instead).
            ctx.response().putHeader("Connection", "close");
        }
        ctx.response().end(Json.encode(body));
    }

    void install(@Observes Filters filters) {
        filters.register(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            long bytes;
            try {
                bytes = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                bytes = -1;
            }
            if (bytes <= limit) {
                ctx.next();
                return;
            }
            refuse(ctx, "the request body is " + bytes + " bytes; the service accepts at most " + limit);
        }, 100);
    }
}
