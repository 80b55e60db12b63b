package org.pathwayengine.facts;

import java.time.LocalDate;

/**
 * A registrar's exception for the learner being evaluated, as policies see it: waive a requirement, force one
 * complete, substitute one credential for another, allow a credential in a requirement it would not normally
 * count for, or extend a credential's validity. Only exceptions in force on the as-of date are facts.
 *
 * <p>Kinds: {@code WAIVE} and {@code FORCE_COMPLETE} name a qualification and requirement; {@code SUBSTITUTE}
 * names the held credential and the catalog credential it counts as; {@code ALLOW} names a held credential and a
 * qualification's requirement it may count towards; {@code EXTEND_VALIDITY} names a held credential and the date
 * it counts as valid until (also on the credential: {@link Held#isExtendedPast}). A policy may test for one, e.g.
 * {@code exists RegistrarException( kind == "WAIVE", qualification == $q.code )}.
 */
public final class RegistrarException {

    private final String id;
    private final String kind;
    private final String qualification;
    private final String requirement;
    private final String credential;
    private final String substitute;
    private final LocalDate until;

    public RegistrarException(String id, String kind, String qualification, String requirement, String credential,
                              String substitute, LocalDate until) {
        this.id = id;
        this.kind = kind;
        this.qualification = qualification;
        this.requirement = requirement;
        this.credential = credential;
        this.substitute = substitute;
        this.until = until;
    }

    /** The exception's id, as the registrar's record names it. */
    public String getId() {
        return id;
    }

    /** WAIVE, FORCE_COMPLETE, SUBSTITUTE, ALLOW or EXTEND_VALIDITY. */
    public String getKind() {
        return kind;
    }

    /** The qualification it concerns (WAIVE, FORCE_COMPLETE, ALLOW); null otherwise. */
    public String getQualification() {
        return qualification;
    }

    /** The requirement id it concerns (WAIVE, FORCE_COMPLETE, ALLOW); null otherwise. */
    public String getRequirement() {
        return requirement;
    }

    /** The held credential's code it concerns (SUBSTITUTE, ALLOW, EXTEND_VALIDITY); null otherwise. */
    public String getCredential() {
        return credential;
    }

    /** The catalog credential a SUBSTITUTE lets the held one count as; null otherwise. */
    public String getSubstitute() {
        return substitute;
    }

    /** The date an EXTEND_VALIDITY lets the credential count as valid until; null otherwise. */
    public LocalDate getValidUntil() {
        return until;
    }

    /**
     * Whether an exception naming {@code qualification}'s {@code requirement} concerns the requirement node
     * {@code node} of the tree of {@code assessed}: that qualification's own node, or the same node where another
     * qualification includes it (a nested qualification's nodes are named "QUALIFICATION/requirement").
     */
    public static boolean names(String qualification, String requirement, String assessed, String node) {
        if (qualification == null || requirement == null) {
            return false;
        }
        String nested = qualification + "/" + requirement;
        return (assessed.equals(qualification) && node.equals(requirement)) || node.equals(nested)
                || node.endsWith("/" + nested);
    }

    /** Whether this exception names the requirement (of its own qualification, or where another includes it). */
    public boolean appliesTo(Requirement r) {
        return names(qualification, requirement, r.getQualification(), r.getId());
    }

    @Override
    public String toString() {
        return "RegistrarException[" + id + " " + kind + "]";
    }
}
