package io.ipcstarter.transport.fifo;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import com.sun.jna.Platform;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.stream.StreamClient;
import io.ipcstarter.transport.stream.StreamServer;

/**
 * Transport {@code fifo}: a POSIX named pipe ({@code mkfifo}) at the path in
 * {@code address}, one-way. The {@code inbound} side creates it (owner-only unless
 * {@code permissions} says otherwise), reads frames, reopens it after every writer has
 * closed, and removes it on stop; the {@code outbound} side writes to it and fails after
 * {@code send-timeout} when nobody reads. Linux and macOS only.
 */
public final class FifoTransport implements IpcTransport {

	@Override
	public String id() {
		return "fifo";
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.of(Role.INBOUND, Role.OUTBOUND);
	}

	@Override
	public String roleRefusal(Role role) {
		return "a FIFO carries bytes one way only; use unix-socket (or named-pipe) for request/reply";
	}

	@Override
	public Class<FifoOptions> optionsType() {
		return FifoOptions.class;
	}

	@Override
	public @Nullable String unsupportedReason() {
		return Platform.isWindows()
				? "POSIX FIFOs do not exist on Windows; use transport named-pipe (same YAML, a Windows named pipe)"
				: null;
	}

	@Override
	public void validate(EndpointSpec spec) {
		if (spec.address().isBlank()) {
			throw new InvalidEndpointException(spec.name(), "address", "no FIFO path given",
					"Set it to the path of the FIFO, e.g. /run/user/1000/" + spec.name() + ".fifo");
		}
		try {
			Path.of(spec.address());
		}
		catch (InvalidPathException ex) {
			throw new InvalidEndpointException(spec.name(), "address", "'" + spec.address() + "' is not a valid path",
					"Set it to the path of the FIFO", ex);
		}
		if (spec.address().getBytes(StandardCharsets.UTF_8).length > 1000) {
			throw new InvalidEndpointException(spec.name(), "address", "the FIFO path is too long",
					"Use a shorter path");
		}
		if (spec.framing() == Framing.RAW) {
			throw new InvalidEndpointException(spec.name(), "framing",
					"raw framing ends a message by closing the stream, but a FIFO's reader cannot tell one writer's "
							+ "close from another's",
					"Set framing to length-prefix, line, stx-etx or null-terminated");
		}
	}

	/** The reader waits in {@code poll} and {@code read} through JNA. */
	@Override
	public boolean blocksInNativeCalls(EndpointSpec spec) {
		return true;
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		return new StreamServer(spec, new FifoAcceptor(new FifoFile(path(spec)), spec.permissions()));
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		IpcClient client = new StreamClient(spec, new FifoConnector(path(spec)));
		FifoOptions options = spec.option(FifoOptions.class);
		boolean atomic = (options == null) || options.isAtomicWrites();
		return atomic ? new AtomicFrameClient(client, spec.name(), spec.framing()) : client;
	}

	private static Path path(EndpointSpec spec) {
		return Path.of(spec.address()).toAbsolutePath();
	}

}
