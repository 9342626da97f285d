package dev.stampede.core.transfer;

/**
 * One account as stored; amounts in minor units (cents).
 *
 * @param reserved money taken from the balance by a transfer that reserved it and has not settled yet
 */
public record Account(String id, long openingBalance, long balance, long reserved) {}
