package org.pathwayengine.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.pathwayengine.designer.ScenarioResult;
import org.pathwayengine.model.RuleProblem;

import java.time.Instant;
import java.util.List;

/**
 * One attempt to bring a changed rules directory into service, and what came of it.
 *
 * @param candidateVersion content hash of the files the attempt read (null when the directory could not be read)
 * @param servingVersion   the version served once the attempt was over: the candidate's when it was swapped in,
 *                         otherwise the one that kept serving
 */
@Schema(name = "ReloadAttempt", description = "An attempt to reload the rules directory and its outcome.")
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record ReloadAttempt(
        @Schema(description = "When the attempt was decided.")
        Instant at,
        @Schema(description = "What started it: the watcher noticed a change, or an operator asked.")
        Trigger trigger,
        @Schema(description = "SWAPPED: the candidate is now served; UNCHANGED: the files are those being served;"
                + " REJECTED: the candidate has errors or failing scenarios and the previous version keeps serving.")
        Outcome outcome,
        @Schema(description = "Version (content hash) of the files that were read.")
        String candidateVersion,
        @Schema(description = "Version served after the attempt.")
        String servingVersion,
        @Schema(description = "How long the attempt took: reading, compiling and running the scenarios.")
        long millis,
        @Schema(description = "The outcome in one sentence.")
        String message,
        @Schema(description = "Why the candidate was rejected: every error in the rule files (file, line, message)"
                + " and every coverage problem of its scenarios.")
        List<RuleProblem> errors,
        @Schema(description = "The candidate's scenarios that failed, each with expected against actual.")
        List<ScenarioResult> failedScenarios) {

    /** What started a reload. */
    @Schema(name = "ReloadTrigger")
    public enum Trigger { WATCHER, OPERATOR }

    /** What a reload did. */
    @Schema(name = "ReloadOutcome")
    public enum Outcome { SWAPPED, UNCHANGED, REJECTED }
}
