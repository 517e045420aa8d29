/**
 * The {@code window-message} transport (Windows): WM_COPYDATA and registered window
 * messages to a message-only window, pumped on a thread of its own.
 */
@NullMarked
package io.ipcstarter.transport.window;

import org.jspecify.annotations.NullMarked;
