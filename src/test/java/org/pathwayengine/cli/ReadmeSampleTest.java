package org.pathwayengine.cli;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README's sample of {@code ./pathways demo} true: the service answers the example request over HTTP,
 * {@code ./pathways show --brief} prints that answer as the demo does, and the README must show exactly that text
 * (apart from the ruleset version, which changes with every rule edit).
 */
@QuarkusTest
// Access control is AccessControlTest's subject; here every request runs as an admin.
@TestSecurity(user = "test-admin", roles = "admin")
class ReadmeSampleTest {

    private static final Pattern SAMPLE = Pattern.compile(
            "<!-- demo output: checked by ReadmeSampleTest -->\\s*```\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern VERSION = Pattern.compile("^ruleset \\S+,", Pattern.MULTILINE);

    @Test
    void the_readme_shows_what_the_demo_prints_for_the_example_learner() throws Exception {
        String answer = given().contentType(ContentType.JSON)
                .body(Files.readString(Path.of("openapi/examples/evaluation-request.json")))
                .post("/api/v1/evaluations").then().statusCode(200).extract().asString();
        String printed = show(answer);
        assertThat(printed).startsWith("ruleset ").contains(", recorded\n").contains("AI-LIT-AWARD");

        Matcher sample = SAMPLE.matcher(Files.readString(Path.of("README.md")));
        assertThat(sample.find()).as("README.md has the demo's sample output block").isTrue();
        assertThat(VERSION.matcher(sample.group(1)).replaceAll("ruleset …,"))
                .as("README.md's sample of ./pathways demo; replace the block with what the demo prints now:\n"
                        + printed)
                .isEqualTo(VERSION.matcher(printed).replaceAll("ruleset …,"));
    }

    private static final Pattern BADGES = Pattern.compile(
            "<!-- open badges output: checked by ReadmeSampleTest -->\\s*```\\n(.*?)```", Pattern.DOTALL);

    @Test
    void the_readme_shows_what_the_service_says_of_the_example_badges() throws Exception {
        String answer = given().contentType(ContentType.JSON)
                .body(Files.readString(Path.of("openapi/examples/evaluation-open-badges.json")))
                .queryParam("openBadges", "true")
                .post("/api/v1/evaluations").then().statusCode(200).extract().asString();
        String printed = show(answer, false);
        Matcher sample = BADGES.matcher(Files.readString(Path.of("README.md")));
        assertThat(sample.find()).as("README.md has the Open Badges sample output block").isTrue();
        assertThat(printed).as("README.md's Open Badges sample; replace the block with this part of:\n" + printed)
                .contains(sample.group(1));
        assertThat(given().contentType(ContentType.JSON)
                .body(Files.readString(Path.of("openapi/examples/evaluation-open-badges.json")))
                .queryParam("openBadges", "true").post("/api/v1/evaluations").then().statusCode(200)
                .extract().jsonPath().getString("qualifications.find { it.code == 'AI-LIT-AWARD' }.openBadge.type"))
                .contains("AchievementCredential");
        // As the README says: the verified badge completes the Certificate in AI Literacy.
        assertThat(io.restassured.path.json.JsonPath.from(answer)
                .getString("qualifications.find { it.code == 'AI-LIT-CERT' }.status")).isEqualTo("ELIGIBLE");
    }

    private static String show(String answer) throws Exception {
        return show(answer, true);
    }

    private static String show(String answer, boolean brief) throws Exception {
        Path file = Files.createTempFile("answer", ".json");
        try {
            Files.writeString(file, answer);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            String[] args = brief ? new String[] {"show", "--brief", file.toString()}
                    : new String[] {"show", file.toString()};
            assertThat(Cli.run(args, out)).isZero();
            return bytes.toString(StandardCharsets.UTF_8);
        } finally {
            Files.delete(file);
        }
    }
}
