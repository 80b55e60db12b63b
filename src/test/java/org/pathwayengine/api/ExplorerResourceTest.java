package org.pathwayengine.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The explorer page's shell, as any browser gets it without a token: it opens, names the ruleset served, labels
 * every field, and loads nothing from anywhere but the service.
 */
@QuarkusTest
class ExplorerResourceTest {

    private static final Pattern REFERENCE = Pattern.compile("\\b(?:src|href|action)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern FIELD = Pattern.compile("<(input|textarea|select)\\b[^>]*\\bid=\"([^\"]+)\"");

    @Test
    void the_page_opens_without_a_token_and_names_the_served_ruleset() {
        Response page = given().accept("text/html").get("/explore");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        String html = page.asString();
        assertThat(html).contains("<title>Pathway explorer").contains("<html lang=\"en\"")
                .contains("name=\"viewport\"");
        String version = given().header("Authorization", "Bearer " + AccessControlTest.token(Roles.LMS))
                .get("/api/v1/rulesets/current").then().statusCode(200).extract().path("version");
        assertThat(html).contains("title=\"" + version + "\"").contains(version.substring(0, 12));
        assertThat(html).contains("id=\"last-reload\"");
    }

    @Test
    void the_page_says_how_the_last_reload_went() {
        String outcome = given().header("Authorization", "Bearer " + AccessControlTest.token(Roles.CURRICULUM))
                .post("/api/v1/rulesets/reload").then().statusCode(200).extract().path("outcome");

        String html = given().get("/explore").asString();

        assertThat(html).contains("<span class=\"outcome outcome-" + outcome + "\">" + outcome + "</span>")
                .contains("(operator, ");
    }

    @Test
    void every_field_has_a_label_and_results_are_announced() {
        String html = given().get("/explore").asString();

        List<String> fields = new ArrayList<>();
        Matcher m = FIELD.matcher(html);
        while (m.find()) {
            fields.add(m.group(2));
        }
        assertThat(fields).contains("token", "request", "recorded");
        for (String id : fields) {
            assertThat(html).as("label for #" + id).contains("<label for=\"" + id + "\"");
        }
        assertThat(html).contains("aria-live=\"polite\"").contains("role=\"alert\"");
        assertThat(html).containsPattern("<h1>[^<]+</h1>").containsPattern("<h2 id=\"[a-z-]+\">");
    }

    @Test
    void the_page_and_its_assets_load_nothing_from_elsewhere() {
        Response page = given().get("/explore");
        String html = page.asString();
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'").contains("script-src 'self'")
                .doesNotContain("http");

        List<String> references = new ArrayList<>();
        Matcher m = REFERENCE.matcher(html);
        while (m.find()) {
            references.add(m.group(1));
        }
        assertThat(references).isNotEmpty().allSatisfy(r -> assertThat(r).matches("[/#].*"));
        assertThat(html).doesNotContainPattern("(?i)https?://");

        for (String asset : references.stream().filter(r -> r.startsWith("/explore-assets/")).toList()) {
            Response served = given().get(asset);
            assertThat(served.statusCode()).as(asset).isEqualTo(200);
            assertThat(served.asString()).as(asset).doesNotContainPattern("(?i)https?://").doesNotContain("//cdn")
                    .doesNotContain("@import");
        }
        assertThat(references).contains("/explore-assets/explorer.js", "/explore-assets/explorer.css");
    }
}
