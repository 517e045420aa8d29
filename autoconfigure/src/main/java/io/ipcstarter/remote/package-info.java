/**
 * Typed remote calls over any IPC endpoint pair with gateway roles: a Java interface
 * shared by two applications, a proxy of it on the calling side (over an
 * {@code outbound-gateway}) and a bean implementing it on the serving side (behind an
 * {@code inbound-gateway}), each call one JSON envelope (docs/wire-formats.md, "Remote
 * calls").
 */
@NullMarked
package io.ipcstarter.remote;

import org.jspecify.annotations.NullMarked;
