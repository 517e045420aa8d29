package io.ipcstarter.transport.fifo;

import java.io.IOException;

import io.ipcstarter.nativeapi.posix.PosixFlags;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;

/**
 * Refuses, before a byte is written, a message whose frame is larger than
 * {@code PIPE_BUF}: only writes up to that size are kept in one piece by the OS when
 * several processes write to one FIFO, so a larger frame could be interleaved with
 * another writer's and corrupt both. {@code fifo.atomic-writes: false} lifts the limit
 * for a FIFO with a single writer.
 */
final class AtomicFrameClient implements IpcClient {

	private final IpcClient delegate;

	private final String endpoint;

	private final int overhead;

	AtomicFrameClient(IpcClient delegate, String endpoint, Framing framing) {
		this.delegate = delegate;
		this.endpoint = endpoint;
		this.overhead = overhead(framing);
	}

	@Override
	public void send(byte[] payload) throws IOException {
		int frame = payload.length + this.overhead;
		if (frame > PosixFlags.PIPE_BUF) {
			throw new IpcException(ErrorReason.OVERSIZE,
					"Endpoint '" + this.endpoint + "': a " + frame + "-byte frame is larger than PIPE_BUF ("
							+ PosixFlags.PIPE_BUF + " bytes), so another writer's "
							+ "frame could be interleaved with it; set ipc.endpoints." + this.endpoint
							+ ".fifo.atomic-writes=false if this endpoint is the FIFO's only writer");
		}
		this.delegate.send(payload);
	}

	@Override
	public byte[] request(byte[] payload) throws IOException {
		return this.delegate.request(payload);
	}

	@Override
	public int peerCount() {
		return this.delegate.peerCount();
	}

	@Override
	public String address() {
		return this.delegate.address();
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	private static int overhead(Framing framing) {
		return switch (framing) {
			case LENGTH_PREFIX -> 4;
			case STX_ETX -> 2;
			case LINE, NULL_TERMINATED -> 1;
			case RAW -> 0;
		};
	}

}
