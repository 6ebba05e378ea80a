/**
 * Checks of the operations guide: its command blocks run, and what it says about the code (relay
 * error kinds, environment aliases, embedded-stack properties, configuration properties) is what
 * the code does.
 */
package io.keeplive.deploy.docs;
