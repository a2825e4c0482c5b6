package org.vigil.api.fence;

/** The type of an agent parameter, for validation and for people. */
public enum ParameterType {
    /** Free text. */
    STRING,
    /** A whole number. */
    INTEGER,
    /** A decimal number (seconds, e.g. power_wait). */
    SECONDS,
    /** true/false, on/off, 1/0. */
    BOOLEAN,
    /** One of the listed values. */
    SELECT
}
