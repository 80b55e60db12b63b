package org.pathwayengine.model;

/**
 * A DRL rule of the ruleset: its stable id, what it does in words, and where it is written.
 */
public record RuleInfo(String id, String name, String description, String file, int line) {
}
