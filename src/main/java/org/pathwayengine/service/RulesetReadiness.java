package org.pathwayengine.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while a valid ruleset is loaded (the database's readiness is reported by its own check).
 */
@Readiness
@ApplicationScoped
public class RulesetReadiness implements HealthCheck {

    private final RulesetHolder holder;

    public RulesetReadiness(RulesetHolder holder) {
        this.holder = holder;
    }

    @Override
    public HealthCheckResponse call() {
        return holder.loaded()
                .map(r -> HealthCheckResponse.named("ruleset").up().withData("version", r.version()).build())
                .orElseGet(() -> HealthCheckResponse.named("ruleset").down().build());
    }
}
