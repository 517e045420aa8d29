/**
 * What a frame carries above the transport: the optional header block
 * ({@code headers: json}) inside a frame's bytes. Framing itself, how a byte stream is
 * cut into frames, is the stream transports' business
 * ({@code io.ipcstarter.transport.stream.FrameCodec}).
 */
@NullMarked
package io.ipcstarter.codec;

import org.jspecify.annotations.NullMarked;
