package org.pathwayengine.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;

/**
 * What an LMS or registrar asks: here is what this learner holds; what does it add up to?
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A learner's held credentials to evaluate.")
public record EvaluationRequest(
        @Schema(description = "The caller's reference for the learner (opaque; not interpreted).", examples = "learner-0042")
        @Size(max = 200)
        // PostgreSQL cannot store a NUL byte: such a reference would make the answer unrecordable.
        @jakarta.validation.constraints.Pattern(regexp = "[^\\x00-\\x1F\\x7F]*",
                message = "must not contain control characters (such as a NUL byte or a line break)")
        String learner,
        @Schema(description = "Evaluate as of this date (ISO 8601); defaults to today (UTC).")
        LocalDate asOf,
        @Schema(description = "The credentials the learner holds.")
        @NotNull @Size(min = 1, max = EvaluationRequest.MAX_HELD)
        List<@NotNull @Valid HeldCredential> held,
        @Schema(description = "What-if: credentials the learner does not hold yet; the answer is given as if they"
                + " were held, and marks every outcome that depends on them.")
        @Size(max = EvaluationRequest.MAX_HYPOTHETICAL)
        List<@NotNull @Valid HeldCredential> hypothetical,
        @Schema(description = "Registrars' exceptions for this learner (a stored learner's own are added when the"
                + " record is evaluated). Each one in force is a fact the policies see; the answer says, per"
                + " exception, what it changed or that it changes nothing.")
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @Size(max = EvaluationRequest.MAX_EXCEPTIONS)
        List<@NotNull @Valid GrantedException> exceptions) {

    public EvaluationRequest {
        hypothetical = hypothetical == null ? List.of() : hypothetical;
        exceptions = exceptions == null ? List.of() : exceptions;
    }

    /** A request without what-if credentials. */
    public EvaluationRequest(String learner, LocalDate asOf, List<HeldCredential> held) {
        this(learner, asOf, held, List.of(), List.of());
    }

    /** A request without exceptions. */
    public EvaluationRequest(String learner, LocalDate asOf, List<HeldCredential> held,
                             List<HeldCredential> hypothetical) {
        this(learner, asOf, held, hypothetical, List.of());
    }

    /** The same request with other exceptions. */
    public EvaluationRequest withExceptions(List<GrantedException> others) {
        return new EvaluationRequest(learner, asOf, held, hypothetical, others);
    }

    /**
     * Exceptions one learner may have standing: each is weighed by evaluating again without it, so an evaluation
     * with N costs about N + 1.
     */
    public static final int MAX_EXCEPTIONS = 20;

    /** Hypothetical credentials one what-if may add. */
    public static final int MAX_HYPOTHETICAL = 50;


    /** A learner record larger than this is not a learner record; it is refused with a 400. */
    public static final int MAX_HELD = 500;
}
