/**
 * Framing of byte streams: Spring Integration's {@code TcpCodecs} serializers behind one small type that reports
 * failures with an {@link io.ipcstarter.transport.ErrorReason}.
 */
package io.ipcstarter.codec;
