package org.pathwayengine.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * The qualifications API serves what {@code ./pathways explain} prints, for the ruleset being served.
 */
@QuarkusTest
// Access control is AccessControlTest's subject; here every request runs as an admin.
@TestSecurity(user = "test-admin", roles = "admin")
class QualificationResourceTest {

    @Test
    void every_qualification_is_listed_with_its_pathway() {
        given().get("/api/v1/qualifications")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("code", equalTo(java.util.List.of("AI-LIT-AWARD", "AI-LIT-CERT", "AI-LIT-DIP", "DIGI-UCERT", "DIGI-CERTHE",
                        "IOC-TECH-AWARD", "IOC-TECH-DIST")))
                .body("find { it.code == 'AI-LIT-CERT' }.title", equalTo("Certificate in AI Literacy"))
                .body("find { it.code == 'AI-LIT-CERT' }.pathway", equalTo("ai-literacy"));
    }

    @Test
    void a_qualification_is_explained_as_data_and_in_words() {
        given().accept(ContentType.JSON).get("/api/v1/qualifications/AI-LIT-CERT")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("code", equalTo("AI-LIT-CERT"))
                .body("source", startsWith("pathways/ai-literacy.yaml:"))
                .body("requirement.kind", equalTo("allOf"))
                .body("requirement.children[0].kind", equalTo("qualification"))
                .body("requirement.children[0].qualification", equalTo("AI-LIT-AWARD"))
                .body("requirement.children[3].text", equalTo("at least 10 credits at level 4 or above"))
                .body("requirement.children[3].where.minLevel", equalTo(4))
                .body("drools.facts.find { it.fact.contains('id: breadth') }.rules.ruleId",
                        hasItem("POL-ASSESSED-001"))
                .body("drools.facts[0].rules[0].pattern", equalTo("Qualification( tags contains \"ai\" )"))
                .body("drools.everyQualification", hasItem("SYS-EXPIRED"))
                .body("text", containsString("Requires:"));

        String words = given().accept(ContentType.TEXT).get("/api/v1/qualifications/AI-LIT-CERT")
                .then().statusCode(200).contentType(ContentType.TEXT).extract().asString();
        assertThat(words).startsWith("AI-LIT-CERT  Certificate in AI Literacy\n")
                .contains("- One credential in societal impact: 1 credential from societal impact  [society]");
    }

    @Test
    void an_average_mark_requirement_is_explained_with_its_mark() {
        given().accept(ContentType.JSON).get("/api/v1/qualifications/IOC-TECH-DIST")
                .then().statusCode(200)
                .body("requirement.kind", equalTo("count"))
                .body("requirement.meanMark", equalTo(70.0f))
                .body("requirement.text", equalTo("2 credentials from technical knowledge issued by ioc-wales,"
                        + " averaging a mark of 70 or more"));
    }

    @Test
    void the_pathway_graph_is_mermaid_text() {
        String graph = given().get("/api/v1/qualifications/AI-LIT-DIP/graph")
                .then().statusCode(200).contentType(ContentType.TEXT).extract().asString();
        assertThat(graph).startsWith("flowchart TD\n").contains("subgraph q2[\"Diploma in Applied AI Literacy (AI-LIT-DIP)\"]")
                .contains("style q2 stroke-width:3px");
    }

    @Test
    @SuppressWarnings("unchecked")
    void asked_for_json_ld_the_pathway_comes_as_ctdl_with_its_exit_awards_as_components() {
        io.restassured.path.json.JsonPath ctdl = given().accept("application/ld+json")
                .get("/api/v1/qualifications/AI-LIT-CERT").then().statusCode(200)
                .contentType("application/ld+json").extract().jsonPath();
        assertThat(ctdl.getString("'@context'")).isEqualTo("https://credreg.net/ctdl/schema/context/json");
        java.util.List<java.util.Map<String, Object>> graph = ctdl.getList("'@graph'");
        java.util.Map<String, Object> pathway = graph.get(0);
        assertThat(pathway).containsEntry("@type", "ceterms:Pathway");
        String destination = ((java.util.List<?>) pathway.get("ceterms:hasDestinationComponent")).get(0).toString();
        java.util.Map<String, Object> certificate = graph.stream().filter(n -> destination.equals(n.get("@id")))
                .findFirst().orElseThrow();
        assertThat(certificate).containsEntry("@type", "ceterms:CredentialComponent")
                .containsEntry("ceterms:codedNotation", "AI-LIT-CERT");
        // The Award the Certificate contains is an exit award: a credential component of its own, with its rule.
        java.util.Map<String, Object> award = graph.stream()
                .filter(n -> "AI-LIT-AWARD".equals(n.get("ceterms:codedNotation"))).findFirst().orElseThrow();
        assertThat(award).containsEntry("@type", "ceterms:CredentialComponent");
        java.util.Map<?, ?> condition = (java.util.Map<?, ?>) ((java.util.List<?>) certificate
                .get("ceterms:hasCondition")).get(0);
        assertThat((java.util.List<Object>) condition.get("ceterms:targetComponent")).contains(award.get("@id"))
                .hasSize(4);
        assertThat(condition.get("ceterms:requiredNumber")).isEqualTo(4);
        assertThat(graph).anySatisfy(n -> assertThat(n).containsEntry("ceterms:codedNotation", "AIL-TK-101")
                .containsEntry("@type", "ceterms:CourseComponent"));
        // Earned by credit alone: the condition is the credit total, not every credential in the catalog.
        io.restassured.path.json.JsonPath credit = given().accept("application/ld+json")
                .get("/api/v1/qualifications/DIGI-UCERT").then().statusCode(200).extract().jsonPath();
        java.util.Map<String, Object> ucert = credit.<java.util.Map<String, Object>>getList("'@graph'").stream()
                .filter(n -> "DIGI-UCERT".equals(n.get("ceterms:codedNotation"))).findFirst().orElseThrow();
        java.util.Map<?, ?> total = (java.util.Map<?, ?>) ((java.util.List<?>) ucert.get("ceterms:hasCondition"))
                .get(0);
        assertThat(total.get("ceterms:targetComponent")).isNull();
        assertThat(total.get("ceterms:hasConstraint").toString()).contains("ceterms:rightValue=[60]");
        assertThat(ucert.get("ceterms:description").toString()).contains("Also requires 60 CQFW credits in all");
        given().accept("application/ld+json").get("/api/v1/qualifications/AI-LIT-PHD")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void an_unknown_code_is_a_not_found_problem() {
        given().get("/api/v1/qualifications/AI-LIT-PHD")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://pathwayengine.org/problems/not-found"))
                .body("detail", equalTo("no qualification has the code 'AI-LIT-PHD'; GET /api/v1/qualifications"
                        + " lists them"));
        given().get("/api/v1/qualifications/AI-LIT-PHD/graph")
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
    }
}
