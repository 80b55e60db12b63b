package org.pathwayengine.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same request on the same ruleset gives the same answer, word for word, every time: a recorded answer is
 * replayed years later and must agree. Drools hands its facts back in an order that varies from session to
 * session, so nothing may depend on that order.
 */
class DeterminismTest {

    private static final Ruleset SAMPLE = new RulesetLoader(DeterminismTest.class.getClassLoader())
            .load(Path.of("rules")).ruleset();

    @Test
    void the_readme_example_is_answered_identically_every_time() throws Exception {
        ObjectMapper mapper = RequestJson.mapper();
        EvaluationRequest request = mapper.readValue(
                Files.readString(Path.of("openapi/examples/evaluation-request.json")), EvaluationRequest.class);
        // A fixed clock: evaluatedAt is the one field that may differ.
        Evaluator evaluator = new Evaluator(Clock.fixed(Instant.parse("2026-12-03T00:00:00Z"), ZoneOffset.UTC));
        Set<String> answers = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            answers.add(mapper.writeValueAsString(evaluator.evaluate(SAMPLE, request)));
            // Other work between evaluations shifts the identity hashes the session's order follows.
            new Object[1 + i % 7].hashCode();
        }
        assertThat(answers).hasSize(1);
    }
}
