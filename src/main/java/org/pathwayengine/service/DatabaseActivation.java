package org.pathwayengine.service;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

import java.util.Set;

/**
 * Makes the database optional with one switch: the JDBC URL. Without it Quarkus deactivates the datasource, and
 * this turns Hibernate ORM and Flyway off with it, so the service starts and evaluates as a stateless sidecar
 * (an explicit {@code quarkus.hibernate-orm.active} or {@code quarkus.flyway.active} still wins).
 */
@Priority(Priorities.APPLICATION + 100)
public class DatabaseActivation implements ConfigSourceInterceptor {

    private static final Set<String> FOLLOWERS = Set.of("quarkus.hibernate-orm.active", "quarkus.flyway.active");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value != null || !FOLLOWERS.contains(name)) {
            return value;
        }
        ConfigValue url = context.proceed("quarkus.datasource.jdbc.url");
        ConfigValue active = context.proceed("quarkus.datasource.active");
        boolean on = url != null && url.getValue() != null && !url.getValue().isBlank()
                && (active == null || !"false".equalsIgnoreCase(active.getValue()));
        return ConfigValue.builder().withName(name).withValue(String.valueOf(on)).build();
    }
}
