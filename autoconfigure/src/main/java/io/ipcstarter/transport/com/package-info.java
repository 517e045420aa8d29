/**
 * The {@code com} transport (Windows): an outbound gateway that calls members of an OLE
 * automation object through {@code IDispatch}, one JSON call per message.
 */
@NullMarked
package io.ipcstarter.transport.com;

import org.jspecify.annotations.NullMarked;
