package org.pathwayengine.service;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A stored evaluation: the request and the answer exactly as given, with the ruleset version that decided it,
 * so a registrar can audit any past decision.
 */
@Entity
@Table(name = "evaluation_record")
public class EvaluationRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "evaluated_at", nullable = false)
    public Instant evaluatedAt;

    @Column(name = "ruleset_version", nullable = false)
    public String rulesetVersion;

    public String learner;

    @Column(name = "as_of", nullable = false)
    public LocalDate asOf;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String request;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String result;

    /** Whether this evaluated a stored learner record (the learner's history) rather than a caller's request. */
    @Column(name = "of_record", nullable = false)
    public boolean ofRecord;
}
