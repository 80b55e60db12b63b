package org.pathwayengine.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One finding about the rules directory, with the file (relative to the rules directory) and line it is about.
 *
 * @param line 1-based, or 0 when the finding is about the whole file
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleProblem(Severity severity, String file, int line, String message) {

    public enum Severity { ERROR, WARNING }

    public static RuleProblem error(String file, int line, String message) {
        return new RuleProblem(Severity.ERROR, file, line, message);
    }

    public static RuleProblem warning(String file, int line, String message) {
        return new RuleProblem(Severity.WARNING, file, line, message);
    }

    /** The conventional compiler form, {@code file:line: error: message}, that editors and CI logs link. */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + severity.name().toLowerCase() + ": " + message;
    }
}
