package io.ipcstarter.transport.pipe;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.TransportOptions;

/**
 * Options of the {@code named-pipe} transport
 * ({@code ipc.endpoints.<name>.named-pipe.*}).
 */
public class NamedPipeOptions extends TransportOptions<NamedPipeOptions> {

	/**
	 * Linux/macOS: directory of the Unix domain socket that stands in for the pipe.
	 * Defaults to "$XDG_RUNTIME_DIR/ipc-pipes" when XDG_RUNTIME_DIR is set, else
	 * "/tmp/ipc-pipes-<uid>". Created owner-only; a directory owned by another user or
	 * open to others is refused.
	 */
	private @Nullable String directory;

	/**
	 * Windows: most instances of the pipe, i.e. clients connected at once (1-255; 255
	 * means no limit).
	 */
	private int maxInstances = 255;

	public @Nullable String getDirectory() {
		return this.directory;
	}

	public void setDirectory(@Nullable String directory) {
		this.directory = directory;
	}

	public int getMaxInstances() {
		return this.maxInstances;
	}

	public void setMaxInstances(int maxInstances) {
		this.maxInstances = maxInstances;
	}

}
