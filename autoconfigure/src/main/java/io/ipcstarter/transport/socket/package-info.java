/**
 * The {@code unix-socket} and {@code tcp} transports: one JDK NIO socket implementation, two address kinds.
 */
package io.ipcstarter.transport.socket;
