/**
 * The datagram transports: {@code udp}, where each message is one datagram and no connection is held.
 */
@NullMarked
package io.ipcstarter.transport.datagram;

import org.jspecify.annotations.NullMarked;
