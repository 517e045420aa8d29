package io.ipcstarter.transport.pipe;

import java.util.EnumSet;
import java.util.Set;

import com.sun.jna.Platform;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;

/**
 * Transport {@code named-pipe}: {@code address} is a pipe name ({@code orders} or
 * {@code \\.\pipe\orders}). On Windows a named pipe in message mode; on Linux and macOS a
 * Unix domain socket at a per-user path derived from the name ({@link PipeDirectory}).
 * All four roles.
 */
public final class NamedPipeTransport implements IpcTransport {

	private final boolean windows = Platform.isWindows();

	@Override
	public String id() {
		return "named-pipe";
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.allOf(Role.class);
	}

	@Override
	public Class<NamedPipeOptions> optionsType() {
		return NamedPipeOptions.class;
	}

	@Override
	public boolean acknowledgedDelivery() {
		return true;
	}

	@Override
	public void validate(EndpointSpec spec) {
		PipeName.validate(spec);
		if (spec.framing() == Framing.RAW) {
			throw new InvalidEndpointException(spec.name(), "framing",
					"raw framing ends a message by half-closing the connection, which a Windows named pipe cannot do",
					"Set framing to length-prefix, line, stx-etx or null-terminated");
		}
		NamedPipeOptions options = spec.option(NamedPipeOptions.class);
		if (options != null && (options.getMaxInstances() < 1 || options.getMaxInstances() > 255)) {
			throw new InvalidEndpointException(spec.name(), "named-pipe.max-instances",
					"must be between 1 and 255, was " + options.getMaxInstances(), "Set it to 1-255 (255: no limit)");
		}
		if (!this.windows) {
			new UnixPipes().socketSpec(spec);
		}
	}

	/**
	 * A Windows pipe waits in {@code WaitForSingleObject} through JNA; elsewhere it is a
	 * JDK Unix-domain socket.
	 */
	@Override
	public boolean blocksInNativeCalls(EndpointSpec spec) {
		return this.windows;
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		return this.windows ? WindowsPipes.createServer(spec) : new UnixPipes().createServer(spec);
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		return this.windows ? WindowsPipes.createClient(spec) : new UnixPipes().createClient(spec);
	}

}
