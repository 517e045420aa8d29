package io.ipcstarter.bench.spring;

/**
 * The interface of the remote-call row ({@code unix-socket/remote}): the sender's proxy
 * calls it, the receiver's {@link Service} answers with the payload.
 */
public interface RemoteEcho {

	byte[] echo(byte[] payload);

	/** The receiver's implementation: the payload back, as the starter row's echo. */
	class Service implements RemoteEcho {

		@Override
		public byte[] echo(byte[] payload) {
			return payload;
		}

	}

}
