/**
 * The {@code fifo} transport: a POSIX named pipe made with {@code mkfifo}, one-way, on
 * Linux and macOS.
 */
@NullMarked
package io.ipcstarter.transport.fifo;

import org.jspecify.annotations.NullMarked;
