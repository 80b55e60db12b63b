/**
 * The facts that policy rules (DRL files in {@code rules/}) see and insert. Import them in a DRL file with
 * {@code import org.pathwayengine.facts.*;}.
 */
package org.pathwayengine.facts;
