package org.pathwayengine.openapi;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check every {@code @QuarkusTest} response goes through ({@link ContractCheck}) catches what a client would
 * trip over: a body that does not match its schema, a status the contract does not name, a media type it does not
 * declare; and lets a right answer through.
 */
class ContractCheckTest {

    private static ValidationReport report(String path, Request.Method method, SimpleResponse response) {
        return ContractCheck.validator().validateResponse(path, method, response);
    }

    @Test
    void a_right_problem_passes() {
        SimpleResponse problem = SimpleResponse.Builder.status(404).withContentType("application/problem+json")
                .withBody("{\"type\":\"https://pathwayengine.org/problems/not-found\",\"title\":\"Not found\","
                        + "\"status\":404,\"detail\":\"no evaluation has this id\"}").build();
        assertThat(report("/api/v1/evaluations/3f2b6f2e-8a7e-4d47-9a54-0a4f7c1f0c11", Request.Method.GET, problem)
                .getMessages()).isEmpty();
    }

    @Test
    void a_body_that_does_not_match_its_schema_fails() {
        SimpleResponse wrong = SimpleResponse.Builder.ok().withContentType("application/json")
                .withBody("{\"recorded\":\"yes\",\"qualifications\":{}}").build();
        assertThat(report("/api/v1/evaluations", Request.Method.POST, wrong).hasErrors()).isTrue();
    }

    @Test
    void an_undocumented_status_or_media_type_fails() {
        SimpleResponse teapot = SimpleResponse.Builder.status(418).withContentType("application/problem+json")
                .withBody("{\"status\":418}").build();
        assertThat(report("/api/v1/qualifications", Request.Method.GET, teapot).hasErrors()).isTrue();
        SimpleResponse xml = SimpleResponse.Builder.ok().withContentType("application/xml").withBody("<a/>").build();
        assertThat(report("/api/v1/qualifications", Request.Method.GET, xml).hasErrors()).isTrue();
    }
}
