package org.pathwayengine.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;

/**
 * A credential the learner holds, as an LMS or registrar reports it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A credential the learner holds.")
public record HeldCredential(
        @Schema(description = "Catalog code of the credential.", examples = "AIL-TK-101")
        @NotBlank @Size(max = 80) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*", message = "must be a catalog code (letters, digits, . _ -)")
        String code,
        @Schema(description = "Date it was awarded (ISO 8601).", examples = "2025-06-30")
        @NotNull
        LocalDate awarded,
        @Schema(description = "Date it expires, when the credential states one; else the catalog's validity applies.")
        LocalDate expires,
        @Schema(description = "Issuer id as the credential states it; when given it must match the catalog.")
        @Size(max = 80)
        // PostgreSQL cannot store a NUL byte: such a value would make the answer and the record unstorable.
        @Pattern(regexp = NO_CONTROL_CHARACTERS, message = NO_CONTROL_CHARACTERS_MESSAGE)
        String issuer,
        @Schema(description = "Whether the learning was assessed; defaults to the catalog's assessment type.")
        Boolean assessed,
        @Schema(description = "Grade or result, as awarded; on the catalog's grade scale for the credential when it"
                + " has one (a grade not on it does not count).", examples = "Merit")
        @Size(max = 40)
        @Pattern(regexp = NO_CONTROL_CHARACTERS, message = NO_CONTROL_CHARACTERS_MESSAGE)
        String grade,
        @Schema(description = "Numeric mark, as awarded (e.g. a percentage), for requirements that ask for a minimum"
                + " mark.", examples = "64")
        @jakarta.validation.constraints.PositiveOrZero @jakarta.validation.constraints.Max(100000)
        Double mark,
        @Schema(description = "Which attempt earned it: 1 (the default) for the first sitting, 2 or more for a resit;"
                + " policies can see it.", examples = "1")
        @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(100)
        Integer attempt) {

    /** Text fields: no control characters (a NUL byte cannot be stored, a line break is a typing mistake). */
    static final String NO_CONTROL_CHARACTERS = "[^\\x00-\\x1F\\x7F]*";
    static final String NO_CONTROL_CHARACTERS_MESSAGE = "must not contain control characters (such as a NUL byte"
            + " or a line break)";

    /** A credential without a mark or attempt number. */
    public HeldCredential(String code, LocalDate awarded, LocalDate expires, String issuer, Boolean assessed,
                          String grade) {
        this(code, awarded, expires, issuer, assessed, grade, null, null);
    }
}
