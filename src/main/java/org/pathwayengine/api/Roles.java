package org.pathwayengine.api;

/**
 * Who may do what, as roles in the caller's bearer token ({@code groups} claim). Health, metrics and the OpenAPI
 * document are open; every other endpoint names the roles it admits.
 */
public final class Roles {

    /** An LMS: evaluates learners. */
    public static final String LMS = "lms";
    /** A registrar: evaluates learners and reads recorded evaluations (personal data). */
    public static final String REGISTRAR = "registrar";
    /** A curriculum team: reads, previews and reloads the rules. */
    public static final String CURRICULUM = "curriculum";
    /** Everything. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
