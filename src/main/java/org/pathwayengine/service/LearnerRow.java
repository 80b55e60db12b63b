package org.pathwayengine.service;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** A learner's record as stored: the credentials held now (JSON, as given) and the version every change bumps. */
@Entity
@Table(name = "learner")
public class LearnerRow extends PanacheEntityBase {

    @Id
    public String id;

    /** Bumped by every change; the record's ETag. Changed only with the row locked, so never lost. */
    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String held;
}
