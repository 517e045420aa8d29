/**
 * The {@code clipboard} transport (Windows): each message is the content of the Win32
 * clipboard in one format, written by an outbound endpoint and seen by an inbound one
 * through a clipboard format listener.
 */
@NullMarked
package io.ipcstarter.transport.clipboard;

import org.jspecify.annotations.NullMarked;
