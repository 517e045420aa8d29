/**
 * The transport SPI: plain Java, no Spring. A transport opens an
 * {@link io.ipcstarter.transport.IpcServer} (the side that waits for peers) or an
 * {@link io.ipcstarter.transport.IpcClient} (the side that reaches out) from an
 * {@link io.ipcstarter.transport.EndpointSpec}; everything above this package is generic
 * over it.
 */
@NullMarked
package io.ipcstarter.transport;

import org.jspecify.annotations.NullMarked;
