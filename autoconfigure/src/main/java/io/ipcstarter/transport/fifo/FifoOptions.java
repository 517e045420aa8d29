package io.ipcstarter.transport.fifo;

import io.ipcstarter.transport.TransportOptions;

/**
 * Options of the {@code fifo} transport ({@code ipc.endpoints.<name>.fifo.*}).
 */
public class FifoOptions extends TransportOptions<FifoOptions> {

	/**
	 * Whether an outbound endpoint refuses messages whose frame is larger than PIPE_BUF
	 * (4096 bytes on Linux, 512 on macOS), the largest write the OS keeps in one piece
	 * when several processes write to one FIFO. Set it to false when this endpoint is the
	 * FIFO's only writer, so larger messages can be sent.
	 */
	private boolean atomicWrites = true;

	public boolean isAtomicWrites() {
		return this.atomicWrites;
	}

	public void setAtomicWrites(boolean atomicWrites) {
		this.atomicWrites = atomicWrites;
	}

}
