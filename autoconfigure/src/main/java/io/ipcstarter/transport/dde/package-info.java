/**
 * The {@code dde} transport (Windows): Dynamic Data Exchange through DDEML, as a client
 * (poke, request, execute, advise loop) or as a server answering requests.
 */
@NullMarked
package io.ipcstarter.transport.dde;

import org.jspecify.annotations.NullMarked;
