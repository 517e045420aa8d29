/**
 * The {@code unix-socket} and {@code tcp} transports: one JDK NIO socket implementation,
 * two address kinds.
 */
@NullMarked
package io.ipcstarter.transport.socket;

import org.jspecify.annotations.NullMarked;
