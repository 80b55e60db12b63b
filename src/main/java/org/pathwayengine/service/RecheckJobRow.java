package org.pathwayengine.service;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A re-check of every stored learner on one ruleset version; its items and changes are read by SQL. */
@Entity
@Table(name = "recheck_job")
public class RecheckJobRow extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "ruleset_version", nullable = false)
    public String rulesetVersion;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(nullable = false)
    public String state;

    @Column(nullable = false)
    public int total;

    @Column(nullable = false)
    public int done;

    @Column(nullable = false)
    public int failed;
}
