package org.pathwayengine.service;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** One change to a learner's record, append-only: who made it, when, and the credential before and after. */
@Entity
@Table(name = "learner_change")
public class LearnerChangeRow extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "learner_id", nullable = false)
    public String learnerId;

    /** The record's version this change made. */
    @Column(nullable = false)
    public long version;

    @Column(nullable = false)
    public Instant at;

    @Column(nullable = false)
    public String actor;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String code;

    @JdbcTypeCode(SqlTypes.JSON)
    public String before;

    @JdbcTypeCode(SqlTypes.JSON)
    public String after;
}
