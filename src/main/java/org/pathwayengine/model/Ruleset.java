package org.pathwayengine.model;

import org.kie.api.KieBase;
import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.credit.CreditModel;
import org.pathwayengine.credit.RecognitionFile;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An immutable, compiled snapshot of the rules directory. An evaluation takes one snapshot at its start and
 * uses only it, so a reload never changes an answer half-way.
 *
 * @param version   content hash of every file (path and bytes), so the same files always give the same version
 * @param scenarios scenario files by path, kept as text for the scenario runner
 * @param drl       every DRL source compiled into the KieBase (the engine's and the policies'), by path
 * @param credit    credit frameworks, conversions and level correspondences
 * @param recognition each recognising institution's equivalence table, by institution id
 * @param intake    how verifiable credentials are taken in: trust registry, status lists, mappings, policy
 *                  ({@link CredentialIntake#NONE} when the rules have no CredentialIntake file)
 * @param texts     every file of the directory as text, by path: what the version is the hash of, kept so that the
 *                  version can be archived and loaded again to replay a recorded answer
 */
public record Ruleset(
        String version,
        Instant loadedAt,
        String directory,
        List<RuleFile> files,
        Catalog catalog,
        Map<String, Award> awards,
        List<RuleInfo> rules,
        KieBase kieBase,
        List<RuleProblem> warnings,
        Map<String, String> scenarios,
        Map<String, String> drl,
        CreditModel credit,
        Map<String, RecognitionFile> recognition,
        Map<String, String> texts,
        CredentialIntake intake) {
}
