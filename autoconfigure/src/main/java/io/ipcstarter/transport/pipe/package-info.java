/**
 * The {@code named-pipe} transport: a Windows named pipe ({@code \\.\pipe\NAME}) on
 * Windows, and on Linux/macOS a Unix domain socket at a per-user path derived from the
 * same name, so one YAML works everywhere.
 */
@NullMarked
package io.ipcstarter.transport.pipe;

import org.jspecify.annotations.NullMarked;
