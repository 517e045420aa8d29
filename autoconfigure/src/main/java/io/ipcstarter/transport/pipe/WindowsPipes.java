package io.ipcstarter.transport.pipe;

import java.nio.file.attribute.PosixFilePermission;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.stream.StreamClient;
import io.ipcstarter.transport.stream.StreamServer;

/**
 * Named pipes on Windows: the shared stream connection model over
 * {@link WindowsPipeAcceptor} and {@link WindowsPipeConnector}.
 */
final class WindowsPipes {

	private WindowsPipes() {
	}

	static IpcServer createServer(EndpointSpec spec) {
		NamedPipeOptions options = spec.option(NamedPipeOptions.class);
		int maxInstances = (options != null) ? options.getMaxInstances() : 255;
		boolean openToOthers = spec.permissions().contains(PosixFilePermission.GROUP_WRITE)
				|| spec.permissions().contains(PosixFilePermission.OTHERS_WRITE);
		return new StreamServer(spec, new WindowsPipeAcceptor(PipeName.of(spec), maxInstances, openToOthers));
	}

	static IpcClient createClient(EndpointSpec spec) {
		return new StreamClient(spec, new WindowsPipeConnector(PipeName.of(spec)));
	}

}
