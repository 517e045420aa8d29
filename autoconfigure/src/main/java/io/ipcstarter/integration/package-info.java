/**
 * Spring Integration endpoints generic over the transport SPI: an inbound channel
 * adapter, an inbound gateway, an outbound channel adapter and an outbound gateway. They
 * know nothing of any one transport.
 */
@NullMarked
package io.ipcstarter.integration;

import org.jspecify.annotations.NullMarked;
