/**
 * Debugging aids: the {@code live} actuator endpoint (topics → subscription counts and cohorts per
 * tenant) and, documented here, the trace switch {@code keeplive.gateway.debug-trace=true}, which
 * makes the {@code io.keeplive.gateway.trace} logger report every notification → matched cohorts →
 * refetch → rows → push. Read-only. Depends on refetch and session.
 */
package io.keeplive.gateway.debug;
