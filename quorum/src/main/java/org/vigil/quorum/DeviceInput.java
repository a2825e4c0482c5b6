package org.vigil.quorum;

/**
 * The configured quorum device as the vote count sees it at one moment.
 *
 * @param name    the device's name ({@code "qdisk"})
 * @param votes   the votes the configuration gives it
 * @param granted whether it gives those votes to this partition now
 * @param reason  the device's own reason, for people
 */
record DeviceInput(String name, int votes, boolean granted, String reason) {
}
