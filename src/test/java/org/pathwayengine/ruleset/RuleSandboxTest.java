package org.pathwayengine.ruleset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pathwayengine.TestRules;
import org.pathwayengine.model.RuleProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A policy is data a curriculum designer writes, not code the service runs on trust: each hostile or careless policy
 * below is refused when the ruleset is checked, at its file and line with the forbidden call named, and none of it
 * runs. Policies that only read facts and compute with strings, numbers and dates are accepted.
 */
class RuleSandboxTest {

    private final RulesetLoader loader = new RulesetLoader(getClass().getClassLoader());

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            runs a process              | Runtime.getRuntime().exec("touch MARKER");                          | calls java.lang.Runtime.getRuntime(...)
            stops the service           | System.exit(1);                                                      | calls java.lang.System.exit(...)
            loops for ever              | while (true) { $h.getCode(); }                                       | loops; rules may not loop
            counts in a loop            | for (int i = 0; i < 10; i++) { $h.getCode(); }                       | loops; rules may not loop
            exhausts memory             | long[] big = new long[Integer.MAX_VALUE];                           | creates an array whose size is not a small number
            writes a file               | new java.io.File("MARKER").createNewFile();                         | calls java.io.File.<init>(...)
            reads the environment       | String s = System.getenv("HOME");                                    | calls java.lang.System.getenv(...)
            uses reflection             | Class.forName("java.lang.Runtime");                                  | calls java.lang.Class.forName(...)
            reads the clock             | java.time.LocalDate d = java.time.LocalDate.now();                   | the system clock: use the Evaluation fact's asOf
            starts a thread             | new Thread().start();                                                | calls java.lang.Thread.<init>(...)
            grows a string without end  | String s = "x".repeat(Integer.MAX_VALUE);                            | calls java.lang.String.repeat(...)
            reaches into the engine     | drools.getKieRuntime().halt();                                       | calls org.drools.core.rule.consequence.KnowledgeHelper.getKieRuntime(...)
            prints                      | System.out.println("hi");                                            | reads java.lang.System.out
            mutates a fact's list       | $h.getAreas().clear();                                               | calls java.util.List.clear(...)
            """)
    void a_consequence_that_steps_outside_the_allow_list_is_refused_at_its_line(String what, String code,
                                                                                  String message) throws IOException {
        TestRules.copySample(dir);
        Path marker = dir.resolve("MARKER");
        int line = policy("""
                rule "Hostile"
                    @id("POL-HOSTILE-001") @description("Tries something a rule may not do.")
                when
                    $h : Held( )
                then
                    %s
                end
                """.formatted(code.replace("MARKER", marker.toString())));

        RulesetLoader.Outcome outcome = loader.load(dir);

        assertThat(outcome.ok()).as(what).isFalse();
        assertThat(outcome.errors()).extracting(RuleProblem::toString).as(what)
                // the line of the forbidden code: the rule starts 5 lines above it
                .anyMatch(p -> p.startsWith("policies/hostile.drl:" + (line + 5) + ": error: rule \"Hostile\" ")
                        && p.contains(message));
        assertThat(marker).as("the policy never ran").doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            calls a method in a condition    | Held( code == System.getenv("HOME") )                   | calls getenv(...) in a condition
            names a class in a condition     | Held( code == java.lang.Runtime.getRuntime().toString() ) | names a class by its package in a condition
            creates in a condition           | Held( areas contains new String("x") )                    | conditions may only compare
            uses an unknown class            | Held( code == Runtime.version().toString() )              | uses the class Runtime in a condition
            reads getters of its class       | Held( this.class.classLoader.parent != null )             | reaches for a class object in a condition
            """)
    void a_condition_that_steps_outside_the_allow_list_is_refused(String what, String pattern, String message)
            throws IOException {
        TestRules.copySample(dir);
        int line = policy("""
                rule "Hostile"
                    @id("POL-HOSTILE-001") @description("Tries something a rule may not do.")
                when
                    $h : %s
                then
                    insert(Excluded.everywhere(kcontext, $h, "x"));
                end
                """.formatted(pattern));

        RulesetLoader.Outcome outcome = loader.load(dir);

        assertThat(outcome.ok()).as(what).isFalse();
        assertThat(outcome.errors()).extracting(RuleProblem::toString).as(what)
                .anyMatch(p -> p.startsWith("policies/hostile.drl:" + line + ": ") && p.contains(message));
    }

    @Test
    void a_forbidden_call_is_reported_at_its_own_line_in_a_longer_consequence_and_in_a_function()
            throws IOException {
        TestRules.copySample(dir);
        policy("""
                function String home(String code) {
                    String prefix = code.trim();

                    return prefix + System.getenv("HOME");
                }

                rule "Hostile"
                    @id("POL-HOSTILE-001") @description("Hides the forbidden call a few lines down.")
                when
                    $h : Held( )
                then
                    String code = $h.getCode();
                    // a comment, then a blank line

                    System.exit(code.length());
                end
                """);

        RulesetLoader.Outcome outcome = loader.load(dir);

        // header of 4 lines: the function's getenv is on line 8, the rule's exit on line 19
        assertThat(outcome.errors()).extracting(RuleProblem::toString)
                .anyMatch(p -> p.startsWith("policies/hostile.drl:8: error: function Home calls java.lang.System.getenv"))
                .anyMatch(p -> p.startsWith("policies/hostile.drl:19: error: rule \"Hostile\" calls java.lang.System.exit"));
    }

    @Test
    void the_mvel_dialect_from_and_recursive_functions_are_refused() throws IOException {
        TestRules.copySample(dir);
        policy("""
                function int depth(int n) {
                    return n <= 0 ? 0 : depth(n - 1);
                }

                rule "Interpreted"
                    @id("POL-HOSTILE-001") @description("Asks for the interpreted dialect.")
                    dialect "mvel"
                when
                    $h : Held( )
                then
                    insert(Excluded.everywhere(kcontext, $h, "x"));
                end

                rule "From"
                    @id("POL-HOSTILE-002") @description("Takes facts from an expression.")
                when
                    $h : Held( )
                    $s : String( ) from $h.getAreas()
                then
                    insert(Excluded.everywhere(kcontext, $h, $s + depth(2)));
                end
                """);

        RulesetLoader.Outcome outcome = loader.load(dir);

        assertThat(outcome.errors()).extracting(RuleProblem::toString)
                .anyMatch(p -> p.contains("rule \"Interpreted\" uses the mvel dialect"))
                .anyMatch(p -> p.contains("rule \"From\" takes facts with 'from'"))
                .anyMatch(p -> p.startsWith("policies/hostile.drl:5: error: function Depth calls itself"));
    }

    @Test
    void a_policy_that_computes_with_facts_strings_numbers_and_dates_is_accepted() throws IOException {
        TestRules.copySample(dir);
        policy("""
                function String label(String code, int months) {
                    return code.toLowerCase() + " (" + Math.max(0, months) + " months)";
                }

                rule "Plain"
                    @id("POL-PLAIN-001") @description("Everything a policy needs.")
                when
                    $e : Evaluation( )
                    $h : Held( code.startsWith("AIL"), level >= 4, areas contains "ethical-awareness",
                               monthsSinceAwarded > Math.abs(-600) )
                    $q : Qualification( tags contains "ai" )
                then
                    java.time.LocalDate cutoff = $e.getAsOf().minusMonths(600);
                    String why = $h.getAwarded().isBefore(cutoff) ? "old" : label($h.getCode(), $h.getMonthsSinceAwarded());
                    if (java.util.List.of("a", "b").contains(why) || why.length() > 3) {
                        insert(Excluded.fromQualification(kcontext, $h, $q, String.format("%s: %d", why, 1)));
                    }
                end
                """);

        RulesetLoader.Outcome outcome = loader.load(dir);

        assertThat(outcome.errors()).isEmpty();
        assertThat(outcome.ruleset().rules()).extracting(r -> r.id()).contains("POL-PLAIN-001");
    }

    @Test
    void the_sample_rules_and_the_engines_own_pass_the_check() {
        assertThat(loader.load(Path.of("rules")).errors()).isEmpty();
    }

    /** Writes policies/hostile.drl and returns the line of its first rule. */
    private int policy(String body) throws IOException {
        String header = "package policies;\n\nimport org.pathwayengine.facts.*;\n\n";
        Files.writeString(dir.resolve("policies/hostile.drl"), header + body);
        Files.writeString(dir.resolve("policies/hostile.scenarios.yaml"), "[]\n");
        String[] lines = (header + body).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("rule ")) {
                return i + 1;
            }
        }
        return 0;
    }
}
