package org.pathwayengine.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import org.pathwayengine.evaluation.RequestJson;

/** The service reads request bodies as strictly as the command line and scenario files do. */
@Singleton
public class StrictRequests implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        RequestJson.strict(mapper);
    }
}
