package org.pathwayengine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.pathwayengine.evaluation.EvaluationRequest;
import org.pathwayengine.evaluation.EvaluationResult;
import org.pathwayengine.evaluation.Evaluator;
import org.pathwayengine.evaluation.HeldCredential;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pathways in from CTDL and badge platforms, and out as CTDL, as a designer runs them: the files written, the
 * report, what the imported rules then decide for a learner, and the round trip.
 */
class InterchangeTest {

    private static final Path DOCS = Path.of("src/test/resources/interchange");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private int run(String... args) {
        bytes.reset();
        return Cli.run(args, out);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private Path rules(String name) throws IOException {
        Path rules = dir.resolve(name);
        Files.createDirectories(rules);
        TestRules.copySample(rules);
        return rules;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        return YAML.readValue(file.toFile(), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> award(Map<String, Object> pathway, String code) {
        return ((List<Map<String, Object>>) pathway.get("awards")).stream()
                .filter(a -> code.equals(a.get("qualification"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entry(Map<String, Object> catalog, String list, String code) {
        return ((List<Map<String, Object>>) catalog.get(list)).stream()
                .filter(e -> code.equals(e.get("code"))).findFirst().orElseThrow();
    }

    private static EvaluationResult evaluate(Path rules, String... codes) {
        RulesetLoader.Outcome loaded = new RulesetLoader(InterchangeTest.class.getClassLoader()).load(rules);
        assertThat(loaded.ok()).as(loaded.problems().toString()).isTrue();
        Ruleset ruleset = loaded.ruleset();
        List<HeldCredential> held = java.util.Arrays.stream(codes)
                .map(c -> new HeldCredential(c, LocalDate.parse("2025-06-30"), null, null, null, null, null, null))
                .toList();
        return new Evaluator(Clock.systemUTC()).evaluate(ruleset, new EvaluationRequest(null,
                LocalDate.parse("2026-01-01"), held));
    }

    private static String status(EvaluationResult answer, String code) {
        return answer.qualifications().stream().filter(q -> q.code().equals(code)).findFirst()
                .map(q -> q.status().name()).orElse("ABSENT");
    }

    @Test
    void a_ctdl_pathway_with_an_exit_award_becomes_rule_files_that_decide_as_the_pathway_says() throws IOException {
        Path rules = rules("rules");
        assertThat(run("import", "ctdl", DOCS.resolve("ctdl-applied-ai.json").toString(), "--dir",
                rules.toString())).as(printed()).isZero();
        assertThat(printed()).contains("created " + rules.resolve("catalog/ctdl-applied-ai.catalog.yaml"))
                .contains("created " + rules.resolve("pathways/ctdl-applied-ai.yaml"))
                .contains("created " + rules.resolve("pathways/ctdl-applied-ai.scenarios.yaml"))
                .contains("imported 7 credentials and 2 qualifications (NB-AIF-AWARD, NB-AAI-CERT)")
                // What could not be carried over, and what was filled in, each named.
                .contains("not mapped 'Practice portfolio review' (ce-1b2c3d4e-0203-4000-8000-000000000203): credit in"
                        + " a unit the rules do not know (Continuing Education Unit)")
                .contains("defaulted 'Practice portfolio review' (ce-1b2c3d4e-0203-4000-8000-000000000203): no"
                        + " ceterms:codedNotation; code CTDL-000000000203 made from its CTID")
                .contains("read as NB-AAI-CERT: credentials required in more than one place (NB-AI-102)")
                .contains("defaulted 'How AI systems learn'").contains("hours 100 from its 10 CQFW credits");

        Map<String, Object> pathway = yaml(rules.resolve("pathways/ctdl-applied-ai.yaml"));
        Map<String, Object> certificate = award(pathway, "NB-AAI-CERT");
        assertThat(YAML.writeValueAsString(certificate.get("requires"))).isEqualTo(YAML.writeValueAsString(
                YAML.readValue("""
                        id: certificate-requirements
                        title: Certificate requirements
                        allOf:
                          - qualification: NB-AIF-AWARD
                          - id: two-of-the-three-practice-modules
                            title: Two of the three practice modules
                            choose: 2
                            from:
                              - credential: NB-AI-201
                              - credential: NB-AI-202
                              - credential: CTDL-000000000203
                          - id: 20-credits-of-electives
                            title: 20 credits of electives
                            credits: 20
                            framework: CQFW
                            where: { credentials: [NB-AI-301, NB-AI-302, NB-AI-102] }
                            shareable: true
                        """, Map.class)));
        Map<String, Object> catalog = yaml(rules.resolve("catalog/ctdl-applied-ai.catalog.yaml"));
        assertThat(entry(catalog, "microcredentials", "NB-AI-101")).containsEntry("credit",
                Map.of("framework", "CQFW", "credits", 10, "level", 4)).containsEntry("issuer", "northbridge-college");
        assertThat(entry(catalog, "qualifications", "NB-AAI-CERT").get("alignment").toString())
                .contains("code=ce-1b2c3d4e-0001-4000-8000-000000000001")
                .contains("framework=CTDL Pathway, code=ce-6f1c2a7e-5b1d-4c55-9a8e-2f0d5d3c9a01");

        // The service's rules with the import: the drafted scenarios pass, and a learner gets the exit award.
        assertThat(run("test", rules.toString())).as(printed()).isZero();
        EvaluationResult foundations = evaluate(rules, "NB-AI-101", "NB-AI-102", "NB-AI-201");
        assertThat(status(foundations, "NB-AIF-AWARD")).isEqualTo("ELIGIBLE");
        assertThat(status(foundations, "NB-AAI-CERT")).isEqualTo("IN_PROGRESS");
        // The elective module used by the exit award counts towards the electives too, as the pathway says.
        EvaluationResult certificateLearner = evaluate(rules, "NB-AI-101", "NB-AI-102", "NB-AI-201", "NB-AI-202",
                "NB-AI-301");
        assertThat(status(certificateLearner, "NB-AAI-CERT")).isEqualTo("ELIGIBLE");
    }

    @Test
    void nested_conditions_joined_by_or_and_conditions_without_a_number_are_read_and_reported() throws IOException {
        Path rules = rules("rules");
        assertThat(run("import", "ctdl", DOCS.resolve("ctdl-nested-conditions.json").toString(), "--dir",
                rules.toString(), "--name", "data-analytics")).as(printed()).isZero();
        assertThat(printed()).contains("read as 'Foundations': no ceterms:requiredNumber; read as all of its 2")
                .contains("read as 'Applied work': no ceterms:requiredNumber; read as any one of its 2")
                .contains("not mapped 'Retired module' (ce-7d0e9c2a-1111-4a11-8a11-000000000999): a component no"
                        + " condition of a destination reaches")
                .contains("defaulted 'Data analytics micro-certificate'").contains("no ceterms:ownedBy")
                .contains("not mapped 'Spreadsheets to SQL' (ce-7d0e9c2a-1111-4a11-8a11-000000000101): its"
                        + " ceterms:precedes");
        Map<String, Object> requires = award(yaml(rules.resolve("pathways/data-analytics.yaml")), "DA-MICRO");
        assertThat(YAML.writeValueAsString(requires.get("requires"))).isEqualTo(YAML.writeValueAsString(
                YAML.readValue("""
                        id: data-analytics-micro-certificate
                        title: Data Analytics Micro-Certificate
                        allOf:
                          - id: foundations
                            title: Foundations
                            allOf: [ { credential: DA-101 }, { credential: DA-102 } ]
                          - id: applied-work
                            title: Applied work
                            choose: 1
                            from:
                              - id: a-capstone-project
                                title: A capstone project
                                allOf: [ { credential: DA-CAP } ]
                              - id: two-work-based-modules
                                title: Two work-based modules
                                choose: 2
                                from: [ { credential: DA-WB1 }, { credential: DA-WB2 }, { credential: DA-WB3 } ]
                        """, Map.class)));
        assertThat(status(evaluate(rules, "DA-101", "DA-102", "DA-WB1", "DA-WB3"), "DA-MICRO"))
                .isEqualTo("ELIGIBLE");
        assertThat(status(evaluate(rules, "DA-101", "DA-102", "DA-WB1"), "DA-MICRO")).isEqualTo("IN_PROGRESS");
    }

    @Test
    void import_then_export_then_import_again_gives_the_same_pathway() throws IOException {
        Path first = rules("first");
        assertThat(run("import", "ctdl", DOCS.resolve("ctdl-applied-ai.json").toString(), "--dir",
                first.toString(), "--name", "applied-ai")).as(printed()).isZero();
        assertThat(run("export", "ctdl", "NB-AAI-CERT", "--dir", first.toString())).as(printed()).isZero();
        String exported = printed().substring(printed().indexOf('{'));
        Map<?, ?> doc = new ObjectMapper().readValue(exported, Map.class);
        assertThat(doc.get("@context")).isEqualTo("https://credreg.net/ctdl/schema/context/json");
        assertThat(exported).contains("\"@id\" : \"https://sandbox.credentialengineregistry.org/resources/"
                + "ce-6f1c2a7e-5b1d-4c55-9a8e-2f0d5d3c9a01\"");
        Path file = dir.resolve("exported.json");
        Files.writeString(file, exported);

        Path second = rules("second");
        assertThat(run("import", "ctdl", file.toString(), "--dir", second.toString(), "--name", "applied-ai"))
                .as(printed()).isZero();
        assertThat(yaml(second.resolve("pathways/applied-ai.yaml")).get("awards"))
                .isEqualTo(yaml(first.resolve("pathways/applied-ai.yaml")).get("awards"));
        Map<String, Object> was = yaml(first.resolve("catalog/applied-ai.catalog.yaml"));
        Map<String, Object> now = yaml(second.resolve("catalog/applied-ai.catalog.yaml"));
        for (String code : List.of("NB-AI-101", "NB-AI-102", "NB-AI-302", "CTDL-000000000203")) {
            for (String field : List.of("title", "credit", "alignment")) {
                assertThat(entry(now, "microcredentials", code).get(field)).as(code + " " + field)
                        .isEqualTo(entry(was, "microcredentials", code).get(field));
            }
        }
        for (String code : List.of("NB-AAI-CERT", "NB-AIF-AWARD")) {
            assertThat(entry(now, "qualifications", code)).isEqualTo(entry(was, "qualifications", code));
        }
    }

    @Test
    void a_badge_pathway_with_overlapping_badge_lists_becomes_rule_files() throws IOException {
        Path rules = rules("rules");
        assertThat(run("import", "badge-pathway", DOCS.resolve("badge-pathway-data-skills.json").toString(),
                "--dir", rules.toString(), "--name", "data-practitioner")).as(printed()).isZero();
        assertThat(printed()).contains("imported 4 credentials and 2 qualifications (NB-DATA-FOUND, NB-DATA-PRAC)")
                .contains("defaulted 'Python for data'").contains("no humanCode; code PYTHON-FOR-DATA made from its"
                        + " name")
                .contains("read as NB-DATA-PRAC: credentials required in more than one place (NB-SQL)")
                .contains("creditsAvailable 10 read as CQFW credits")
                .contains("read as 'Python for data' (https://badges.example/public/badges/python-data): its issuer is"
                        + " given only as https://badges.example/public/issuers/northbridge; taken to be the pathway's,"
                        + " Northbridge College");
        Map<String, Object> pathway = yaml(rules.resolve("pathways/data-practitioner.yaml"));
        assertThat(YAML.writeValueAsString(award(pathway, "NB-DATA-PRAC").get("requires")))
                .isEqualTo(YAML.writeValueAsString(YAML.readValue("""
                        id: data-practitioner
                        title: Data Practitioner
                        allOf:
                          - qualification: NB-DATA-FOUND
                          - id: specialism
                            title: Specialism
                            choose: 2
                            from:
                              - { credential: NB-SQL, shareable: true }
                              - { credential: NB-DASH }
                              - { credential: PYTHON-FOR-DATA }
                        """, Map.class)));
        Map<String, Object> catalog = yaml(rules.resolve("catalog/data-practitioner.catalog.yaml"));
        assertThat(entry(catalog, "microcredentials", "NB-SHEETS").get("alignment").toString())
                .contains("code=https://badges.example/public/badges/spreadsheets")
                .contains("framework=CTDL, code=ce-7d0e9c2a-1111-4a11-8a11-000000000101");
        assertThat(run("test", rules.toString())).as(printed()).isZero();
        // The SQL badge counts for the foundations badge and in the specialism list: two more badges complete it.
        assertThat(status(evaluate(rules, "NB-SHEETS", "NB-SQL", "NB-DASH"), "NB-DATA-PRAC")).isEqualTo("ELIGIBLE");
        assertThat(status(evaluate(rules, "NB-SHEETS", "NB-SQL"), "NB-DATA-PRAC")).isEqualTo("IN_PROGRESS");
        assertThat(status(evaluate(rules, "NB-SHEETS", "NB-SQL"), "NB-DATA-FOUND")).isEqualTo("ELIGIBLE");
    }

    @Test
    void achievement_definitions_alone_become_catalog_entries() throws IOException {
        Path rules = rules("rules");
        assertThat(run("import", "badge-pathway", DOCS.resolve("achievements.json").toString(), "--dir",
                rules.toString(), "--name", "northbridge-badges")).as(printed()).isZero();
        assertThat(printed()).contains("imported 2 credentials and 0 qualifications")
                .contains("defaulted 'Writing an AI use policy'");
        assertThat(rules.resolve("pathways/northbridge-badges.yaml")).doesNotExist();
        Map<String, Object> catalog = yaml(rules.resolve("catalog/northbridge-badges.catalog.yaml"));
        assertThat(entry(catalog, "microcredentials", "NB-AISAFE")).containsEntry("achievementType", "MicroCredential")
                .containsEntry("credit", Map.of("framework", "CQFW", "credits", 5)).containsEntry("hours", 50);
        assertThat(run("validate", rules.toString())).as(printed()).isZero();
    }

    @Test
    void careless_documents_are_imported_as_far_as_they_can_be_with_each_oddity_in_the_report() throws IOException {
        Path rules = rules("rules");
        Path odd = dir.resolve("odd.json");
        Files.writeString(odd, """
                {"@graph": [
                  {"@type": "ceterms:Pathway", "ceterms:ctid": "ce-10000000-0000-4000-8000-000000000000",
                   "ceterms:name": "Odd pathway", "ceterms:hasDestinationComponent": "ce-10000000-0000-4000-8000-000000000001"},
                  {"@type": "ceterms:CredentialComponent", "ceterms:ctid": "ce-10000000-0000-4000-8000-000000000001",
                   "ceterms:name": "Odd certificate: part #1", "ceterms:codedNotation": "1_000",
                   "ceterms:creditValue": {"schema:value": 30, "schema:unitText": "UK credits"},
                   "ceterms:hasCondition": [
                     {"ceterms:name": "Two modules and 20 credits", "ceterms:requiredNumber": 2,
                      "ceterms:targetComponent": ["ce-10000000-0000-4000-8000-000000000002",
                        "ce-10000000-0000-4000-8000-000000000003", "urn:nothing-else"],
                      "ceterms:hasConstraint": [{"ceterms:leftSource": ["ceterms:creditValue"],
                        "ceterms:comparator": "comparator:greaterThanEqualTo", "ceterms:rightValue": ["20"]}]},
                     {"ceterms:name": "The first module again", "ceterms:requiredNumber": 2,
                      "ceterms:targetComponent": ["ce-10000000-0000-4000-8000-000000000002",
                        "ce-10000000-0000-4000-8000-000000000002"]},
                     {"ceterms:name": "Not this", "ceterms:logicalOperator": "logical:Not",
                      "ceterms:targetComponent": ["urn:nothing-else"]},
                     {"ceterms:name": "30 credits in all", "ceterms:hasConstraint": [{
                      "ceterms:leftSource": "ceterms:creditValue", "ceterms:comparator": "comparator:greaterThanEqualTo",
                      "ceterms:rightValue": "30"}]}
                   ]},
                  {"@type": "ceterms:CourseComponent", "ceterms:ctid": "ce-10000000-0000-4000-8000-000000000002",
                   "ceterms:name": "yes", "ceterms:codedNotation": "1e5",
                   "ceterms:creditValue": {"schema:value": 10, "schema:unitText": "UK credits"}},
                  {"@type": "ceterms:CourseComponent", "ceterms:ctid": "ce-10000000-0000-4000-8000-000000000003",
                   "ceterms:codedNotation": "ODD-2", "ceterms:name": "Second: \\"quoted\\"",
                   "ceterms:creditValue": {"schema:value": 10, "schema:unitText": "UK credits"}},
                  {"@type": "ceterms:CredentialOrganization", "@id": "urn:org:1", "ceterms:name": "A"},
                  {"@type": "ceterms:CredentialOrganization", "@id": "urn:org:1", "ceterms:name": "B"},
                  {"@type": "ceterms:CourseComponent", "@id": "urn:nothing-else",
                   "ceterms:creditValue": {"schema:value": 10, "schema:unitText": "UK credits"}}
                ]}
                """);
        assertThat(run("import", "ctdl", odd.toString(), "--dir", rules.toString())).as(printed()).isZero();
        assertThat(printed()).contains("read as 'Two modules and 20 credits': a required number and a credit"
                        + " constraint: both must be met")
                .contains("not mapped 'Not this': a condition joined by 'logical:Not', which the rules cannot"
                        + " express; left out")
                .contains("no ceterms:codedNotation; code UNNAMED is a placeholder")
                .contains("read as urn:org:1: two different nodes have this id; the later one is read");
        Map<String, Object> certificate = award(yaml(rules.resolve("pathways/odd.yaml")), "1_000");
        // The credit total over no named component is the qualification's own credit rule.
        assertThat(certificate.get("credit")).isEqualTo(Map.of("framework", "CQFW", "minTotal", 30));
        String requires = YAML.writeValueAsString(certificate.get("requires"));
        assertThat(requires).contains("choose: 2").contains("credits: 20").contains("id: \"1e5-2\"");
        Map<String, Object> catalog = yaml(rules.resolve("catalog/odd.catalog.yaml"));
        assertThat(entry(catalog, "microcredentials", "1e5")).containsEntry("title", "yes");
        assertThat(entry(catalog, "qualifications", "1_000")).containsEntry("title", "Odd certificate: part #1");
        assertThat(run("validate", rules.toString())).as(printed()).isZero();
    }

    @Test
    void a_document_nested_to_exhaust_the_stack_is_refused() throws IOException {
        Path rules = rules("rules");
        StringBuilder graph = new StringBuilder("{\"@graph\": [{\"@type\": \"ceterms:Pathway\", \"ceterms:name\": \"Deep\","
                + " \"ceterms:hasDestinationComponent\": \"ce-d0\"}");
        for (int i = 0; i < 5000; i++) {
            graph.append(", {\"@type\": \"").append(i == 0 ? "ceterms:CredentialComponent" : "ceterms:BasicComponent")
                    .append("\", \"ceterms:ctid\": \"ce-d").append(i).append("\", \"ceterms:name\": \"Level ").append(i)
                    .append("\", \"ceterms:hasCondition\": [{\"ceterms:targetComponent\": [\"ce-d").append(i + 1)
                    .append("\"]}]}");
        }
        Path deep = dir.resolve("deep.json");
        Files.writeString(deep, graph.append("]}").toString());
        assertThat(run("import", "ctdl", deep.toString(), "--dir", rules.toString())).isEqualTo(1);
        assertThat(printed()).contains("its components and conditions nest more than 24 deep; nothing was written");
    }

    @Test
    void a_qualification_earned_by_credit_alone_goes_out_and_comes_back_as_a_credit_rule() throws IOException {
        Path sample = rules("rules");
        assertThat(run("export", "ctdl", "DIGI-UCERT", "--dir", sample.toString())).as(printed()).isZero();
        Path file = dir.resolve("ucert.json");
        Files.writeString(file, printed().substring(printed().indexOf('{')));
        // Back into the sample rules, a second credit-only certificate would be every credit-holder's: the
        // directory's own scenarios say otherwise, so it is refused.
        assertThat(run("import", "ctdl", file.toString(), "--dir", sample.toString(), "--name", "ucert"))
                .isEqualTo(1);
        assertThat(printed()).contains("eligible: expected [DIGI-CERTHE, DIGI-UCERT] but was [DIGI-CERTHE,"
                + " DIGI-UCERT, DIGI-UCERT-2]");
        // Into rules that hold only the credit frameworks, it is written as a credit rule.
        Path empty = dir.resolve("frameworks-only");
        Files.createDirectories(empty.resolve("credit"));
        Files.createDirectories(empty.resolve("catalog"));
        Files.copy(sample.resolve("credit/frameworks.yaml"), empty.resolve("credit/frameworks.yaml"));
        Files.writeString(empty.resolve("catalog/start.catalog.yaml"), """
                kind: Catalog
                qualifications:
                  - { code: START, title: A qualification with no pathway yet, type: other }
                """);
        assertThat(run("import", "ctdl", file.toString(), "--dir", empty.toString(), "--name", "ucert"))
                .as(printed()).isZero();
        Map<String, Object> ucert = award(yaml(empty.resolve("pathways/ucert.yaml")), "DIGI-UCERT");
        assertThat(ucert).doesNotContainKey("requires").containsEntry("credit",
                Map.of("framework", "CQFW", "minTotal", 60));
    }

    @Test
    void what_cannot_be_imported_is_refused_with_the_reason_and_nothing_is_written() throws IOException {
        Path rules = rules("rules");
        Path notJson = dir.resolve("broken.json");
        Files.writeString(notJson, "{\"@graph\": [");
        assertThat(run("import", "ctdl", notJson.toString(), "--dir", rules.toString())).isEqualTo(1);
        assertThat(printed()).contains("is not readable JSON");
        assertThat(run("import", "ctdl", DOCS.resolve("achievements.json").toString(), "--dir", rules.toString(),
                "--name", "x")).isEqualTo(1);
        assertThat(printed()).contains("no ceterms:Pathway in the document (its @graph holds 2 nodes); nothing was"
                + " written");
        assertThat(run("import", "badge-pathway", DOCS.resolve("ctdl-applied-ai.json").toString(), "--dir",
                rules.toString(), "--name", "x")).isEqualTo(1);
        assertThat(printed()).contains("no 'pathway' and no achievement definitions in the document");
        try (var files = Files.walk(rules)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("x"))).isEmpty();
        }
        // A pathway whose qualification contains itself is a cycle the rules refuse: reported, nothing written.
        Path cyclic = dir.resolve("cyclic.json");
        Files.writeString(cyclic, """
                {"@graph": [
                  {"@type": "ceterms:Pathway", "ceterms:ctid": "ce-00000000-0000-4000-8000-000000000000",
                   "ceterms:name": "Loop", "ceterms:hasDestinationComponent": "ce-00000000-0000-4000-8000-000000000001"},
                  {"@type": "ceterms:CredentialComponent", "ceterms:ctid": "ce-00000000-0000-4000-8000-000000000001",
                   "ceterms:name": "Loop certificate", "ceterms:codedNotation": "LOOP",
                   "ceterms:hasCondition": [{"ceterms:targetComponent": ["ce-00000000-0000-4000-8000-000000000002"]}]},
                  {"@type": "ceterms:BasicComponent", "ceterms:ctid": "ce-00000000-0000-4000-8000-000000000002",
                   "ceterms:name": "Group", "ceterms:hasCondition": [{"ceterms:targetComponent": [
                     "ce-00000000-0000-4000-8000-000000000002", "ce-00000000-0000-4000-8000-000000000001"]}]}
                ]}
                """);
        assertThat(run("import", "ctdl", cyclic.toString(), "--dir", rules.toString())).isEqualTo(1);
        assertThat(printed()).contains("the imported files would not load, so nothing was written")
                .contains("LOOP");
        assertThat(rules.resolve("pathways/cyclic.yaml")).doesNotExist();
        // Twice under the same name: the second would overwrite the first, so it is refused.
        assertThat(run("import", "ctdl", DOCS.resolve("ctdl-applied-ai.json").toString(), "--dir",
                rules.toString())).isZero();
        assertThat(run("import", "ctdl", DOCS.resolve("ctdl-applied-ai.json").toString(), "--dir",
                rules.toString())).isEqualTo(1);
        assertThat(printed()).contains("ctdl-applied-ai.catalog.yaml exists; nothing was written");
        // Under another name its codes are taken by the first import: the new entries say so and take others.
        assertThat(run("import", "ctdl", DOCS.resolve("ctdl-applied-ai.json").toString(), "--dir",
                rules.toString(), "--name", "again")).as(printed()).isZero();
        assertThat(printed()).contains("code NB-AI-101 is taken (in the rules or by another component); this one is"
                + " NB-AI-101-2");
    }
}
