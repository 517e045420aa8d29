/**
 * The one connection model every stream transport shares (unix-socket, tcp, named pipes,
 * FIFOs, child processes): an accept loop, one reader per connection, framing, replies on
 * the request's connection, a client pool with lazy connect, back-off and deadlines. A
 * stream transport only says how bytes are opened.
 */
@NullMarked
package io.ipcstarter.transport.stream;

import org.jspecify.annotations.NullMarked;
