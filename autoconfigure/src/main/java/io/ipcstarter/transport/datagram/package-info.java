/**
 * The datagram transports: {@code udp}, where each message is one datagram and no
 * connection is held, and {@code message-queue}, where each message is one message of a
 * POSIX message queue.
 */
@NullMarked
package io.ipcstarter.transport.datagram;

import org.jspecify.annotations.NullMarked;
