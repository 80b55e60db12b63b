package org.pathwayengine.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * Where an operator's reload request stands, for a caller that was answered before the attempt was over.
 *
 * @param attempt the attempt and its outcome once {@code state} is DONE, otherwise null
 */
@Schema(name = "ReloadStatus", description = "An operator's reload request: waiting, running, or over with its"
        + " attempt.")
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record ReloadStatus(
        @Schema(description = "The request's id, as in the Location of the 202 answer.")
        String id,
        @Schema(description = "QUEUED: waiting for a reload under way; RUNNING: the candidate is being read, compiled"
                + " and its scenarios run; DONE: see attempt; FAILED: the service stopped (or failed) before the"
                + " attempt was made, see message.")
        State state,
        @Schema(description = "When the request was made.")
        Instant requestedAt,
        @Schema(description = "The attempt and its outcome (SWAPPED, UNCHANGED or REJECTED) once the state is DONE.")
        ReloadAttempt attempt,
        @Schema(description = "Why no attempt was made, when the state is FAILED.")
        String message) {

    /** Where a reload request stands. */
    @Schema(name = "ReloadState")
    public enum State { QUEUED, RUNNING, DONE, FAILED }

    /** The request as it stands now. */
    public static ReloadStatus of(RulesetReloader.Request request) {
        java.util.concurrent.CompletableFuture<ReloadAttempt> attempt = request.attempt();
        if (attempt.isDone()) {
            try {
                return new ReloadStatus(request.id(), State.DONE, request.requestedAt(), attempt.join(), null);
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                return new ReloadStatus(request.id(), State.FAILED, request.requestedAt(), null,
                        cause.getMessage() != null ? cause.getMessage() : cause.toString());
            }
        }
        return new ReloadStatus(request.id(), request.started() ? State.RUNNING : State.QUEUED,
                request.requestedAt(), null, null);
    }
}
