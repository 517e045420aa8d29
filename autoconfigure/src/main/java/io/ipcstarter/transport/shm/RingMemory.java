package io.ipcstarter.transport.shm;

import java.nio.ByteBuffer;

/**
 * A mapped region holding one ring. Closing it unmaps what can be unmapped explicitly (a
 * Windows view); a mapped file's buffer is unmapped by the JVM once unreachable, so
 * nothing may use {@link #buffer()} after close.
 */
interface RingMemory extends AutoCloseable {

	/** The whole region: header, then data. A direct buffer. */
	ByteBuffer buffer();

	/** Unmaps what can be unmapped explicitly; nothing for a mapped file. */
	@Override
	default void close() {
	}

}
