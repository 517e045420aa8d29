package io.ipcstarter.autoconfigure;

import java.util.EnumSet;
import java.util.Set;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;

/**
 * A test-only transport ({@code test-unsupported}) that says it cannot work on this
 * platform: for the "transport not available here" start-up failure.
 */
public class UnsupportedTestTransport implements IpcTransport {

	static final String REASON = "it needs a mechanism this OS lacks; use unix-socket instead";

	@Override
	public String id() {
		return "test-unsupported";
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.allOf(Role.class);
	}

	@Override
	public String unsupportedReason() {
		return REASON;
	}

	@Override
	public void validate(EndpointSpec spec) {
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		throw new UnsupportedOperationException(REASON);
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		throw new UnsupportedOperationException(REASON);
	}

}
