/**
 * The {@code fifo} transport: a POSIX named pipe made with {@code mkfifo}, one-way, on Linux and macOS.
 */
package io.ipcstarter.transport.fifo;
