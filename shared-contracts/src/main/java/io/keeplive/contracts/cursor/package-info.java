/**
 * Keyset cursors of list windows (SPEC §4.2), written by the gateway and resource-service and read
 * by resource-service. Pure; depends on Jackson only.
 */
package io.keeplive.contracts.cursor;
