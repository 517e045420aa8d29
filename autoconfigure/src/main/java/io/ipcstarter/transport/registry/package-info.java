/**
 * The {@code registry} transport (Windows): one value of a registry key as a channel, the
 * latest value written by any process, watched with {@code RegNotifyChangeKeyValue}.
 */
@NullMarked
package io.ipcstarter.transport.registry;

import org.jspecify.annotations.NullMarked;
