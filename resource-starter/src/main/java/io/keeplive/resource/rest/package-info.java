/**
 * The REST surface of declared resources. {@link io.keeplive.resource.rest.Endpoint#all} derives
 * every endpoint from the declarations; {@link io.keeplive.resource.rest.ResourceRoutes} serves
 * them (and the OpenAPI document describes the same list).
 *
 * <p>Input is parsed totally and before any database work: bodies must be JSON objects with only
 * declared members ({@link io.keeplive.resource.rest.JsonBodies}); values are decoded and checked
 * against their attribute ({@link io.keeplive.resource.read.Values}: unreadable → 400, constraint
 * broken → 422, both naming the field). Rows leave in one JSON form ({@link
 * io.keeplive.resource.read.RowJson}), shared with the live API.
 *
 * <p>Handlers read top-down: caller identity, validated request, one read or one write. Depends on
 * {@code declaration}, {@code identity}, {@code read}, {@code write}, {@code problem}.
 */
package io.keeplive.resource.rest;
