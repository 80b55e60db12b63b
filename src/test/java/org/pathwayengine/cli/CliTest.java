package org.pathwayengine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The designers' command line, as a designer uses it: exit codes, what it prints and the files it writes.
 */
class CliTest {

    private static final String EXAMPLE = "openapi/examples/evaluation-request.json";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void the_sample_rules_validate_and_their_scenarios_pass() throws IOException {
        assertThat(run("validate", "rules")).isZero();
        assertThat(printed()).contains("rules: 0 errors, 0 warnings; version ");
        assertThat(run("test", "rules")).isZero();
        // The same count as the Maven run's RuleScenariosTest: one per scenario written in the files.
        assertThat(printed()).contains("PASS pathways/ai-literacy.scenarios.yaml:")
                .contains("scenarios: " + scenariosIn(Path.of("rules")) + " passed, 0 failed; coverage: every rule file"
                        + " has scenarios and every policy rule is exercised");
    }

    @Test
    void a_typo_is_one_error_at_its_line_and_exit_code_1() throws IOException {
        copySample();
        Path catalog = dir.resolve("catalog/ai-literacy.catalog.yaml");
        Files.writeString(catalog, Files.readString(catalog).replaceFirst("hours: 100", "hours: lots"));
        assertThat(run("validate", dir.toString())).isEqualTo(1);
        assertThat(printed()).containsPattern("catalog/ai-literacy\\.catalog\\.yaml:\\d+: error: microcredentials\\[0\\]"
                + "\\.hours: string found, integer expected").contains(": 1 error, ").doesNotContain("unknown credential");
    }

    @Test
    void a_policy_rule_no_scenario_fires_is_an_error_of_validate_at_its_line_and_listed_missing_from_the_index()
            throws IOException {
        copySample();
        Path drl = dir.resolve("policies/recency.drl");
        long line = Files.readString(drl).lines().count() + 2;
        Files.writeString(drl, Files.readString(drl) + """

                rule "Very old learning"
                    @id("POL-RECENCY-002")
                    @description("Learning over 50 years old does not count anywhere.")
                when
                    $h : Held( monthsSinceAwarded > 600 )
                then
                    insert(Excluded.everywhere(kcontext, $h, "awarded over 50 years ago"));
                end
                """);
        // The service refuses rules with a policy no scenario exercises, so validate fails on it too.
        assertThat(run("validate", dir.toString())).as("validate gives the service's verdict").isEqualTo(1);
        assertThat(printed())
                .contains("policies/recency.drl:" + line + ": error: rule POL-RECENCY-002 is not exercised: no"
                        + " scenario in policies/recency.scenarios.yaml makes it fire")
                .contains("warning: the index does not list the rule id POL-RECENCY-002 (policies/recency.drl:"
                        + line + ")")
                .contains(": 1 error, 1 warning");
        assertThat(org.pathwayengine.designer.RulesetCheck.of(dir).passed()).as("the service's gate").isFalse();
        assertThat(run("test", dir.toString())).as("test fails on the same gap").isEqualTo(1);
        assertThat(printed()).contains("policies/recency.drl:" + line + ": error: rule POL-RECENCY-002 is not exercised");
    }

    @Test
    void validate_fails_on_a_failing_scenario_as_the_service_refuses_to_serve_it() throws IOException {
        copySample();
        breakRecencyScenario();
        assertThat(run("validate", dir.toString())).isEqualTo(1);
        assertThat(printed()).containsPattern("policies/recency\\.scenarios\\.yaml:\\d+: error: scenario \".+\" fails: ")
                .contains(": 1 error, 0 warnings");
        assertThat(org.pathwayengine.designer.RulesetCheck.of(dir).passed()).as("the service's gate").isFalse();
    }

    @Test
    void test_watch_tests_again_when_a_scenario_is_saved_and_stops_when_interrupted() throws Exception {
        copySample();
        java.io.ByteArrayOutputStream watched = new java.io.ByteArrayOutputStream();
        PrintStream into = new PrintStream(watched, true, StandardCharsets.UTF_8);
        java.util.concurrent.atomic.AtomicInteger exit = new java.util.concurrent.atomic.AtomicInteger(-1);
        Thread watcher = new Thread(() -> exit.set(Cli.run(new String[] {"test", "--watch", dir.toString()}, into)));
        watcher.start();
        try {
            awaitPrinted(watched, "watching " + dir + " for changes");
            assertThat(watched.toString(StandardCharsets.UTF_8)).contains(" passed, 0 failed");

            breakRecencyScenario();
            String again = awaitPrinted(watched, "; watching for changes");
            assertThat(again.substring(again.indexOf("changed: testing again")))
                    .contains("FAIL policies/recency.scenarios.yaml:").contains(" passed, 1 failed")
                    .containsPattern("--- tested in [0-9.]+ s; watching for changes");
        } finally {
            watcher.interrupt();
            watcher.join(60_000);
        }
        assertThat(watcher.isAlive()).as("an interrupted watch ends").isFalse();
        assertThat(exit.get()).as("the last run failed").isEqualTo(1);
    }

    /** Waits (up to two minutes, on a loaded machine) until the output contains the text, and returns it. */
    private static String awaitPrinted(java.io.ByteArrayOutputStream output, String text) throws InterruptedException {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < until) {
            String now = output.toString(StandardCharsets.UTF_8);
            if (now.contains(text)) {
                return now;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never printed \"" + text + "\"; printed:\n" + output.toString(StandardCharsets.UTF_8));
    }

    @Test
    void a_failing_scenario_shows_expected_and_actual() throws IOException {
        copySample();
        breakRecencyScenario();
        assertThat(run("test", dir.toString())).isEqualTo(1);
        assertThat(printed())
                .contains("FAIL policies/recency.scenarios.yaml:4")
                .contains("status of AI-LIT-AWARD: expected ELIGIBLE but was IN_PROGRESS")
                .contains("rules that fired: [")
                .containsPattern("scenarios: \\d+ passed, 1 failed");
    }

    @Test
    void test_writes_junit_xml_with_one_testcase_per_scenario_and_coverage_gaps_as_failures() throws Exception {
        copySample();
        breakRecencyScenario();
        Files.delete(dir.resolve("policies/assessment.scenarios.yaml"));
        Path xml = dir.resolve("reports/scenarios.xml");

        assertThat(run("test", dir.toString(), "--junit", xml.toString())).isEqualTo(1);

        assertThat(printed()).contains("JUnit XML written to " + xml);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        List<Element> cases = elements(doc.getElementsByTagName("testcase"));
        long scenarios = scenariosIn(dir);
        List<Element> failed = cases.stream().filter(c -> c.getElementsByTagName("failure").getLength() > 0).toList();
        assertThat(cases).hasSize((int) scenarios + 2);
        assertThat(failed).extracting(c -> c.getAttribute("classname")).containsExactlyInAnyOrder(
                "policies/recency.scenarios.yaml", "scenario coverage", "scenario coverage");
        Element recency = failed.stream().filter(c -> c.getAttribute("file").equals("policies/recency.scenarios.yaml"))
                .findFirst().orElseThrow();
        assertThat(recency.getAttribute("line")).isEqualTo("4");
        assertThat(((Element) recency.getElementsByTagName("failure").item(0)).getAttribute("message"))
                .isEqualTo("status of AI-LIT-AWARD: expected ELIGIBLE but was IN_PROGRESS");
        assertThat(failed).extracting(c -> c.getAttribute("name")).anyMatch(n -> n.equals(
                "policies/assessment.drl: error: has no scenarios: add policies/assessment.scenarios.yaml"));
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("3");
    }

    @Test
    void test_on_rules_that_do_not_validate_still_writes_junit_xml_naming_each_error() throws Exception {
        copySample();
        Path catalog = dir.resolve("catalog/ai-literacy.catalog.yaml");
        Files.writeString(catalog, Files.readString(catalog).replaceFirst("hours: 100", "hours: lots"));
        Path xml = dir.resolve("scenarios.xml");
        assertThat(run("test", dir.toString(), "--junit", xml.toString())).isEqualTo(1);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element only = (Element) doc.getElementsByTagName("testcase").item(0);
        assertThat(only.getAttribute("classname")).isEqualTo("rules validate");
        int line = Files.readAllLines(catalog).indexOf("    hours: lots") + 1;
        assertThat(only.getAttribute("line")).isEqualTo(String.valueOf(line));
        assertThat(only.getTextContent()).contains("microcredentials[0].hours: string found, integer expected");
    }

    @Test
    void evaluate_prints_each_qualification_its_tree_and_what_did_not_count_with_rule_ids() {
        assertThat(run("evaluate", "rules", EXAMPLE)).isZero();
        assertThat(printed())
                .contains("as of 2026-11-01, learner learner-0042")
                .contains("AI-LIT-AWARD  ELIGIBLE  Award in AI Literacy")
                .contains("  [x] Award in AI Literacy (3 of 3)")
                .contains("[x] How AI systems work: counted: AIL-TK-101")
                .contains("[ ] One credential in societal impact (0 of 1): missing: 1 more credential from societal impact")
                .contains("[x] 10 further credits at level 4 or above (10 of 10 credits): counted: AIL-PU-120")
                .contains("IBM-AI-FUND anywhere: expired on 2025-01-15  [SYS-EXPIRED]")
                .contains("IBM-AI-FUND towards AI-LIT-CERT: awarded 57 months before the as-of date")
                .contains("[POL-RECENCY-001]");
    }

    @Test
    void evaluate_json_is_the_answer_the_service_gives() throws IOException {
        assertThat(run("evaluate", "rules", EXAMPLE, "--json")).isZero();
        JsonNode answer = new ObjectMapper().readTree(printed());
        assertThat(answer.path("recorded").asBoolean(true)).isFalse();
        assertThat(answer.path("notRecordedReason").asText()).contains("command line");
        assertThat(answer.path("asOf").asText()).isEqualTo("2026-11-01");
        assertThat(answer.path("qualifications").get(0).path("code").asText()).isEqualTo("AI-LIT-AWARD");
        assertThat(answer.path("qualifications").get(0).path("status").asText()).isEqualTo("ELIGIBLE");
        assertThat(answer.path("qualifications").get(1).path("requirement").path("children").get(2).path("missing")
                .asText()).isEqualTo("1 more credential from societal impact");
        assertThat(answer.path("firedRules").toString()).contains("POL-RECENCY-001", "SYS-EXPIRED");
        assertThat(answer.path("evaluatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void evaluate_refuses_a_learner_file_the_service_would_refuse_saying_where() throws IOException {
        Path learner = dir.resolve("learner.json");
        Files.writeString(learner, """
                {
                  "asOf": "2026-11-01",
                  "held": [
                    { "code": "AIL-TK-101", "awarded": "2025-06-30" },
                    { "code": "AIL-TK-101", "awarded": "2025-07-30" },
                    { "code": "AIL-PU-110", "awarded": "2025-09-15", "expires": "2025-01-01" }
                  ]
                }
                """);
        assertThat(run("evaluate", "rules", learner.toString())).isEqualTo(1);
        assertThat(printed())
                .contains(learner + ":5: error: held[1].code: 'AIL-TK-101' is already listed at held[0]")
                .contains(learner + ":6: error: held[2].expires: is before the award date 2025-09-15");

        Files.writeString(learner, "{ \"held\": [ { \"code\": \"AIL-TK-101\", \"awarded\": \"30/06/2025\" } ] }");
        assertThat(run("evaluate", "rules", learner.toString())).isEqualTo(1);
        assertThat(printed()).contains(learner + ":1: error: held[0].awarded: '30/06/2025' is not a valid date");

        Files.writeString(learner, "{ \"held\": [ { \"code\": \"AIL-TK-101\" } ] }");
        assertThat(run("evaluate", "rules", learner.toString())).isEqualTo(1);
        assertThat(printed()).contains(learner + ":1: error: held[0].awarded: must not be null");
    }

    @Test
    void explain_gives_the_tree_in_words_and_what_drools_runs_for_it() {
        assertThat(run("explain", "rules", "AI-LIT-CERT")).isZero();
        assertThat(printed())
                .contains("AI-LIT-CERT  Certificate in AI Literacy")
                .contains("certificate, level 4, 60 CQFW credits; pathway ai-literacy, written at"
                        + " pathways/ai-literacy.yaml:")
                .contains("- the whole Award in AI Literacy (AI-LIT-AWARD) as an exit award on the way  [AI-LIT-AWARD]")
                .contains("- One practical-use module: 1 of these 2  [AI-LIT-AWARD/practice]")
                .contains("- 10 further credits at level 4 or above: at least 10 credits at level 4 or above  [breadth]")
                .contains("insert Requirement(qualification: AI-LIT-CERT, id: breadth, kind: credits,"
                        + " accepts: at level 4 or above)\n"
                        + "    matched by SYS-CANDIDATE-FILTER (engine/engine.drl:40): Requirement( kind != \"credential\" )\n"
                        + "    matched by POL-ASSESSED-001 (policies/assessment.drl:9): Requirement( kind == \"credits\" )")
                .contains("matched by POL-RECENCY-001 (policies/recency.drl:8): Qualification( tags contains \"ai\" )")
                .contains("for this and every qualification: SYS-NOT-YET-VALID, SYS-EXPIRED, SYS-ISSUER-MISMATCH");
    }

    @Test
    void explain_graph_is_a_mermaid_flowchart_of_the_whole_pathway() {
        assertThat(run("explain", "rules", "AI-LIT-AWARD", "--graph")).isZero();
        String graph = printed();
        assertThat(graph).startsWith("flowchart TD\n")
                .contains("subgraph q0[\"Award in AI Literacy (AI-LIT-AWARD)\"]")
                .contains("subgraph q1[\"Certificate in AI Literacy (AI-LIT-CERT)\"]")
                .contains("subgraph q2[\"Diploma in Applied AI Literacy (AI-LIT-DIP)\"]")
                .contains("style q0 stroke-width:3px")
                .contains("[\"Two industry credentials<br/>2 credentials issued by ibm or microsoft or aws\"]");
        assertThat(graph.lines().filter(l -> l.strip().startsWith("subgraph")).count())
                .isEqualTo(graph.lines().filter(l -> l.strip().equals("end")).count());
    }

    @Test
    void explain_an_unknown_code_says_which_there_are() {
        assertThat(run("explain", "rules", "AI-LIT-PHD")).isEqualTo(1);
        assertThat(printed()).contains("no qualification AI-LIT-PHD in rules; the qualifications with pathways are"
                + " AI-LIT-AWARD, AI-LIT-CERT, AI-LIT-DIP");
    }

    @Test
    void a_new_pathway_reads_lists_what_to_fill_in_and_its_scenario_fails_until_it_is_written()
            throws IOException {
        copySample();
        assertThat(run("new", "pathway", "data-skills", "--dir", dir.toString())).isZero();
        assertThat(printed())
                .contains("created " + dir.resolve("pathways/data-skills.yaml"))
                .contains("created " + dir.resolve("pathways/data-skills.scenarios.yaml"))
                .contains("created " + dir.resolve("catalog/data-skills.catalog.yaml"))
                .contains("note: added its row to the index in " + dir.resolve("README.md"));
        assertThat(Files.readString(dir.resolve("README.md")))
                .contains("| `pathways/data-skills.yaml` | `DATA-SKILLS` | TODO: what the pathway is |");

        // Its files read, but its placeholder scenario fails, so neither validate nor the service passes it yet.
        assertThat(run("validate", dir.toString())).as("the scaffold's scenario fails until written").isEqualTo(1);
        assertThat(printed())
                .contains("pathways/data-skills.yaml:24: warning: can never be met: it needs 1 credentials")
                .contains("pathways/data-skills.yaml:6: warning: to do: the pathway's title")
                .contains("pathways/data-skills.yaml:22: warning: to do: replace this placeholder with the real"
                        + " requirements")
                .contains("catalog/data-skills.catalog.yaml:7: warning: to do: the qualification's title")
                .contains("pathways/data-skills.scenarios.yaml:5: error: scenario ")
                .contains(": 1 error, 7 warnings");

        assertThat(run("test", dir.toString())).as("its scenario fails until the pathway is written").isEqualTo(1);
        assertThat(printed()).contains("FAIL pathways/data-skills.scenarios.yaml:5")
                .contains("status of DATA-SKILLS: expected ELIGIBLE but was ABSENT");
    }

    @Test
    void impact_shows_which_learners_a_rule_change_moves_before_it_goes_live() throws IOException {
        assertThat(run("impact", "rules", "rules")).as("the same rules change nothing").isZero();
        assertThat(printed()).containsPattern("tried on \\d+ learners \\(\\d+ from scenarios, 0 from learner files\\):"
                + " 0 changed").doesNotContain("status moves");

        // The change: the ethical-awareness group (the Award and the CertHE use it) asks for two credentials.
        copySample();
        Path pathway = dir.resolve("pathways/ai-literacy.yaml");
        String ethics = "    title: One credential in ethical awareness\n    requires:\n      count: 1\n";
        assertThat(Files.readString(pathway)).contains(ethics);
        Files.writeString(pathway, Files.readString(pathway).replace(ethics,
                "    title: Two credentials in ethical awareness\n    requires:\n      count: 2\n"));

        assertThat(run("impact", "rules", dir.toString(), "--learner", EXAMPLE)).isZero();
        String report = printed();
        assertThat(report).containsPattern("tried on \\d+ learners \\(\\d+ from scenarios, 1 from learner files\\):"
                        + " [1-9]\\d* changed")
                .containsPattern("AI-LIT-AWARD: ELIGIBLE -> IN_PROGRESS for [1-9]\\d* learners?")
                // The README's example learner holds exactly the Award's three credentials.
                .contains(EXAMPLE + "\n  AI-LIT-AWARD status: ELIGIBLE -> IN_PROGRESS\n")
                .contains("pathways/ai-literacy.scenarios.yaml:5 three modules from the right areas earn the Award");

        assertThat(run("impact", "rules", dir.toString(), "--fail-on-change")).isEqualTo(ImpactCommand.CHANGED);
        assertThat(run("impact", "rules", dir.toString(), "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(printed().substring(printed().indexOf('{')));
        assertThat(json.path("moves").findValuesAsText("qualification")).contains("AI-LIT-AWARD");
        assertThat(json.path("changed").get(0).path("changes").get(0).path("aspect").asText()).isNotBlank();

        assertThat(run("impact", "rules", dir.resolve("missing").toString())).isEqualTo(1);
    }

    @Test
    void a_new_policy_reads_and_its_rule_is_reported_unexercised_until_it_is_written() throws IOException {
        copySample();
        assertThat(run("new", "policy", "work-experience", "--dir", dir.toString())).isZero();
        assertThat(Files.readString(dir.resolve("policies/work-experience.drl")))
                .contains("@id(\"POL-WORK-EXPERIENCE-001\")").contains("@description(\"TODO:");
        assertThat(Files.readString(dir.resolve("README.md")))
                .contains("| `POL-WORK-EXPERIENCE-001` | `policies/work-experience.drl` | TODO: what it decides |");

        assertThat(run("validate", dir.toString())).isEqualTo(1);
        assertThat(printed())
                .contains("policies/work-experience.drl:7: error: rule POL-WORK-EXPERIENCE-001 is not exercised")
                .contains("policies/work-experience.drl:9: warning: to do: one sentence a learner could read")
                .doesNotContain("README.md:").contains(": 2 errors, ");

        assertThat(run("test", dir.toString())).isEqualTo(1);
        assertThat(printed()).contains("fired: expected POL-WORK-EXPERIENCE-001 to fire");
    }

    @Test
    void new_never_overwrites_and_refuses_names_and_codes_that_are_taken() throws IOException {
        copySample();
        Path recency = dir.resolve("policies/recency.drl");
        String before = Files.readString(recency);
        assertThat(run("new", "policy", "recency", "--dir", dir.toString())).isEqualTo(1);
        assertThat(printed()).contains("will not overwrite " + recency);
        assertThat(Files.readString(recency)).isEqualTo(before);
        assertThat(dir.resolve("policies/recency.scenarios.yaml")).hasContent(
                Files.readString(Path.of("rules/policies/recency.scenarios.yaml")));

        assertThat(run("new", "pathway", "more-ai", "--qualification", "AI-LIT-CERT", "--dir", dir.toString()))
                .isEqualTo(1);
        assertThat(printed()).contains("qualification AI-LIT-CERT already has requirements at pathways/ai-literacy.yaml:");
        assertThat(dir.resolve("pathways/more-ai.yaml")).doesNotExist();

        assertThat(run("new", "pathway", "Data_Skills", "--dir", dir.toString())).isEqualTo(1);
        assertThat(printed()).contains("'Data_Skills' is not a file name in kebab case");
    }

    @Test
    void wrong_usage_says_how_with_exit_code_2() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(printed()).contains("Unmatched argument at index 0: 'frobnicate'")
                .contains("Did you mean: pathways evaluate or pathways test?");
        assertThat(run()).isEqualTo(2);
        assertThat(printed()).contains("name a command: validate, test, evaluate, show, explain, impact, new, import,"
                + " export, token or verify");
        assertThat(run("evaluate", "rules")).isEqualTo(2);
        assertThat(printed()).contains("Missing required parameter: 'LEARNER'");
        assertThat(run("explain", "--help")).isZero();
        assertThat(printed()).contains("Usage: pathways explain [-hV] [--graph] DIR QUALIFICATION");
    }

    @Test
    void verify_says_of_each_badge_file_whether_it_counts_and_why() {
        String ob = "src/test/resources/open-badges-3/ob30/";
        String key = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";
        assertThat(run("verify", "--at", "2026-12-01", "--key", "https://example.com/issuers/876543#" + key + "=" + key,
                ob + "simple.json", ob + "simple-did-key-method.json")).isZero();
        assertThat(printed()).contains("VERIFIED       " + ob + "simple.json: signed with the issuer's key");
        assertThat(run("verify", "--at", "2026-12-01", ob + "simple.json", ob + "simple-err-expired.json",
                ob + "missing.json")).isEqualTo(1);
        assertThat(printed()).contains("UNVERIFIED     " + ob + "simple.json: proof.verificationMethod",
                "cannot be had offline", ob + "missing.json: no such file");
        assertThat(run("verify", "--key", "nonsense", ob + "simple.json")).isEqualTo(2);
    }

    private int run(String... args) {
        bytes.reset();
        return Cli.run(args, out);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void copySample() throws IOException {
        TestRules.copySample(dir);
    }

    private void breakRecencyScenario() throws IOException {
        Path scenarios = dir.resolve("policies/recency.scenarios.yaml");
        Files.writeString(scenarios, Files.readString(scenarios).replace("status: { AI-LIT-AWARD: IN_PROGRESS }",
                "status: { AI-LIT-AWARD: ELIGIBLE }"));
    }

    private static List<Element> elements(NodeList nodes) {
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    @Test
    void evaluate_shows_what_the_prior_learning_cap_left_out() {
        assertThat(run("evaluate", "rules", "openapi/examples/evaluation-credit.json")).isZero();
        assertThat(printed()).contains("  left out by the prior-learning cap: IOC-CYBER-BOOTCAMP (20 credits): over the"
                + " cap of 60 credits from prior learning");
    }

    @Test
    void show_prints_a_saved_answer_as_evaluate_prints_it() throws IOException {
        assertThat(run("evaluate", "rules", "openapi/examples/evaluation-request.json")).isZero();
        String text = printed();
        assertThat(run("evaluate", "rules", "openapi/examples/evaluation-request.json", "--json")).isZero();
        Path answer = dir.resolve("answer.json");
        Files.writeString(answer, printed());

        assertThat(run("show", answer.toString())).isZero();
        assertThat(printed()).isEqualTo(text);
        assertThat(run("show", "--brief", answer.toString())).isZero();
        assertThat(printed()).containsPattern("^ruleset [0-9a-f]{12}…, as of 2026-11-01, not recorded: evaluated by the"
                + " command line").containsPattern("\n  AI-LIT-AWARD +ELIGIBLE +Eligible for ")
                .contains("  not counted: IBM-AI-FUND (SYS-EXPIRED): ");
    }

    @Test
    void show_refuses_what_is_not_an_answer() throws Exception {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("{\"type\":\"about:blank\",\"status\":503}".getBytes()));
            assertThat(run("show", "--brief")).isEqualTo(1);
        } finally {
            System.setIn(stdin);
        }
        assertThat(printed()).contains("the input is not an evaluation answer")
                .contains("\"status\":503");
    }

    /** Scenarios as a designer counts them: the "- name:" entries of every scenarios file under a directory. */
    static long scenariosIn(Path rules) throws IOException {
        try (var files = Files.walk(rules)) {
            return files.filter(p -> p.toString().endsWith(".scenarios.yaml")).mapToLong(p -> {
                try {
                    return Files.readString(p).lines().filter(l -> l.startsWith("- name:")).count();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
    }
}
