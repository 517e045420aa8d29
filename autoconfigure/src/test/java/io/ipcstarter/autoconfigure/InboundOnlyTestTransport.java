package io.ipcstarter.autoconfigure;

import java.util.EnumSet;
import java.util.Set;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;

/**
 * A test-only transport ({@code test-inbound-only}) that can only be {@code inbound}: for
 * the "role the transport cannot do" start-up failure. Registered in the test resources'
 * {@code META-INF/services}.
 */
public class InboundOnlyTestTransport implements IpcTransport {

	@Override
	public String id() {
		return "test-inbound-only";
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.of(Role.INBOUND);
	}

	@Override
	public void validate(EndpointSpec spec) {
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		throw new UnsupportedOperationException("never started by the tests");
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		throw new UnsupportedOperationException("never started by the tests");
	}

}
