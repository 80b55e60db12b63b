package org.pathwayengine.ruleset;

import org.pathwayengine.model.RuleProblem;

import java.util.List;

/**
 * A rule file could not be read; carries every problem found, each with file and line.
 */
public class RuleFileException extends RuntimeException {

    private final transient List<RuleProblem> problems;

    public RuleFileException(List<RuleProblem> problems) {
        super(problems.isEmpty() ? "rule file error" : problems.get(0).toString());
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
