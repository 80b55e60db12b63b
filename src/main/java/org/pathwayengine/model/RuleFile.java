package org.pathwayengine.model;

/**
 * One file of the rules directory: its path relative to the directory, what kind of file it is, and its size.
 */
public record RuleFile(String path, String kind, long bytes) {
}
