/**
 * The {@code conversations} and {@code messages} reference resources (SPEC §2), declared in {@link
 * io.keeplive.resource.conversations.Conversations}; tables in {@code V4__conversations.sql}.
 *
 * <p>Invariant: a message is visible exactly when its conversation lists the reader as a member.
 * Because membership changes publish {@code conversation:<id>:messages} (old and new members
 * alike), a removed member's live message views are refetched and come back empty.
 *
 * <p>Depends on {@code declaration} only.
 */
package io.keeplive.resource.conversations;
