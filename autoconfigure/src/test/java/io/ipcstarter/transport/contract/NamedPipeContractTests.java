package io.ipcstarter.transport.contract;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;
import io.ipcstarter.transport.pipe.NamedPipeOptions;

/**
 * The contract for {@code named-pipe} on Linux/macOS: pipe names, resolved to Unix
 * sockets in a temporary directory ({@code named-pipe.directory}).
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "NamedPipeWindowsContractTests covers Windows")
class NamedPipeContractTests extends IpcTransportContractTests {

	@TempDir
	Path dir;

	private final AtomicInteger pipes = new AtomicInteger();

	@Override
	protected IpcTransport transport() {
		return Transports.get("named-pipe");
	}

	@Override
	protected String newAddress() {
		return "p" + this.pipes.incrementAndGet();
	}

	@Override
	protected String absentAddress() {
		return "nobody-serves";
	}

	@Override
	protected String clientAddress(IpcServer server) {
		// the server reports the socket path; a client names the pipe
		String path = server.address();
		return path.substring(path.lastIndexOf('/') + 1, path.length() - ".sock".length());
	}

	@Override
	protected EndpointSpec.Builder serverSpec(String name, Role role, String address) {
		return super.serverSpec(name, role, address).option(NamedPipeOptions.class, options());
	}

	@Override
	protected EndpointSpec.Builder clientSpec(String name, Role role, String address) {
		return super.clientSpec(name, role, address).option(NamedPipeOptions.class, options());
	}

	@Override
	protected void injectRaw(IpcServer server, byte[] raw) throws Exception {
		SocketContractSupport.writeAndClose(SocketContractSupport.unix(server.address()), raw);
	}

	private NamedPipeOptions options() {
		NamedPipeOptions options = new NamedPipeOptions();
		options.setDirectory(this.dir.resolve("pipes").toString());
		return options;
	}

}
