package org.pathwayengine.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Refuses a body over the size limit before it is read, with the same problem+json body as every other error
 * (the HTTP layer's own refusal has no body). A chunked body without a length is still cut off by that layer.
 */
@ApplicationScoped
public class TooLargeHandler {

    private final long limit;

    public TooLargeHandler(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
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
            ProblemType type = ProblemType.PAYLOAD_TOO_LARGE;
            Problem body = Problem.of(type, "the request body is " + bytes + " bytes; the service accepts at most "
                    + limit, ctx.request().path(), List.of());
            ctx.response().setStatusCode(type.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close")
                    .end(Json.encode(body));
        }, 100);
    }
}
