package org.pathwayengine.interchange;

/** A document an import cannot read as the format it was asked for; its message says why, for the designer. */
public final class NotImportable extends Exception {

    NotImportable(String message) {
        super(message);
    }
}
