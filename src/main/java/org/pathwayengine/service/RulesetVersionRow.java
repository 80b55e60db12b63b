package org.pathwayengine.service;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** An archived ruleset version: its files as text by path, as they were when it decided a recorded answer. */
@Entity
@Table(name = "ruleset_version")
public class RulesetVersionRow extends PanacheEntityBase {

    @Id
    public String version;

    @Column(name = "first_recorded", nullable = false)
    public Instant firstRecorded;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String files;
}
