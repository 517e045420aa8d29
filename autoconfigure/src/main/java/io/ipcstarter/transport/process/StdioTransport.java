package io.ipcstarter.transport.process;

import java.util.EnumSet;
import java.util.Set;

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
 * Transport {@code stdio}: this application is the child; {@code address} is {@code -}.
 * {@code inbound} reads messages from its own stdin, {@code outbound} writes them to its
 * own stdout, {@code inbound-gateway} answers requests from stdin on stdout (a
 * language-server-style worker), {@code outbound-gateway} asks the parent. One stdio
 * endpoint per application; nothing else may write to stdout ({@link StdioStreams}).
 */
public final class StdioTransport implements IpcTransport {

	@Override
	public String id() {
		return "stdio";
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.allOf(Role.class);
	}

	@Override
	public void validate(EndpointSpec spec) {
		if (!spec.address().equals("-")) {
			throw new InvalidEndpointException(spec.name(), "address",
					"'" + spec.address() + "' is not the stdio address",
					"Set it to - (this process's own stdin and stdout)");
		}
		if (spec.framing() == Framing.RAW) {
			throw new InvalidEndpointException(spec.name(), "framing",
					"raw framing ends a message by closing stdout, after which nothing more could be sent",
					"Set framing to length-prefix, line, stx-etx or null-terminated");
		}
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		return new StreamServer(spec, new StdioAcceptor(spec.name()));
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		EndpointSpec single = spec.toBuilder().poolSize(1).build();
		return new StreamClient(single, new StdioConnector(single));
	}

}
