package org.pathwayengine.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of mutated evaluation requests, from a fixed seed so that a failure can be replayed: none may be
 * answered with a 5xx, and every refusal must be a problem document naming what was wrong.
 */
@QuarkusTest
@TestSecurity(user = "fuzzer", roles = "lms")
class RequestFuzzTest {

    private static final int REQUESTS = 2_000;
    private static final String SYNTAX = "{}[],:\"\\0aZ-";
    private static final String[] NASTY = {"", "null", "true", "-1", "1e309", "\"\"", "[]", "{}", "\"\\u0000\"",
            "\"\\ud800\"", "99999999999999999999", "\"2025-02-30\"", "\"0000-00-00\"", "\"+999999999-12-31\"",
            "\"" + "x".repeat(5_000) + "\"", "[" + "1,".repeat(600) + "1]", "\"AIL-TK-101\"", "\"\\n\\t\""};

    @Test
    void no_mutated_request_is_a_server_error_and_every_refusal_is_a_problem() throws IOException {
        String example = Files.readString(Path.of("openapi/examples/evaluation-request.json"));
        Random random = new Random(20261202L);
        List<String> wrong = new ArrayList<>();
        int ok = 0;
        for (int i = 0; i < REQUESTS; i++) {
            String body = mutate(example, random);
            Response r = given().contentType(ContentType.JSON).body(body).post("/api/v1/evaluations");
            int status = r.statusCode();
            if (status == 200) {
                ok++;
            } else if (status >= 500 || !String.valueOf(r.contentType()).startsWith("application/problem+json")
                    || r.asString().isEmpty() || r.jsonPath().getString("detail") == null) {
                wrong.add("#" + i + " " + status + " " + r.contentType() + ": " + shorten(body) + " -> "
                        + shorten(r.asString()));
            }
        }
        System.out.printf("RequestFuzzTest: %d mutated requests, %d answered, %d refused as problems%n", REQUESTS,
                ok, REQUESTS - ok - wrong.size());
        assertThat(wrong).isEmpty();
        assertThat(ok).as("some mutations stay valid, so evaluation itself is fuzzed too").isPositive();
    }

    private static String mutate(String s, Random random) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(7)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, SYNTAX.charAt(random.nextInt(SYNTAX.length())));
                case 2 -> b.setCharAt(at, (char) (random.nextInt(0x3000)));
                case 3 -> {
                    // Replace a value after a colon with something nasty.
                    int colon = b.indexOf(":", at);
                    if (colon > 0) {
                        int end = colon + 1;
                        while (end < b.length() && ",}]".indexOf(b.charAt(end)) < 0) {
                            end++;
                        }
                        b.replace(colon + 1, end, NASTY[random.nextInt(NASTY.length)]);
                    }
                }
                case 4 -> {
                    // Duplicate a slice: repeated keys, repeated entries.
                    int end = Math.min(b.length(), at + 1 + random.nextInt(60));
                    b.insert(end, b.substring(at, end));
                }
                case 5 -> b.setLength(at);
                default -> {
                    // Swap a code for another catalog-shaped one, which keeps the request valid.
                    int code = b.indexOf("AIL-", at);
                    if (code > 0 && code + 10 <= b.length()) {
                        b.replace(code, code + 10, List.of("AIL-TK-210", "AIL-PU-230", "NO-SUCH-01", "AIL-EA-140")
                                .get(random.nextInt(4)));
                    }
                }
            }
        }
        return b.toString();
    }

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
