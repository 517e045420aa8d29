/**
 * The Java DSL for code-first users: {@code Ipc.unixSocket(path).inboundGateway()} inside
 * an {@code IntegrationFlow}, in the style of Spring Integration's {@code Tcp} factory.
 */
@NullMarked
package io.ipcstarter.integration.dsl;

import org.jspecify.annotations.NullMarked;
