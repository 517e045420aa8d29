package io.ipcstarter.transport.process;

import java.io.File;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.stream.StreamClient;
import io.ipcstarter.transport.stream.StreamServer;

/**
 * Transport {@code process}: {@code address} is a command line (split as a shell would,
 * but no shell runs it); the endpoint starts that child and speaks to it over anonymous
 * pipes: {@code inbound} reads its stdout, {@code outbound} writes its stdin,
 * {@code outbound-gateway} writes a request and reads the reply (the way language servers
 * work), {@code inbound-gateway} answers requests the child writes. Any framing.
 */
public final class ProcessTransport implements IpcTransport {

	@Override
	public String id() {
		return "process";
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.allOf(Role.class);
	}

	@Override
	public Class<ProcessOptions> optionsType() {
		return ProcessOptions.class;
	}

	@Override
	public void validate(EndpointSpec spec) {
		List<String> command;
		try {
			command = CommandLine.split(spec.address());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointException(spec.name(), "address", "the command line has an " + ex.getMessage(),
					"Quote arguments as in a POSIX shell, e.g. python3 -u 'my script.py'", ex);
		}
		if (command.isEmpty()) {
			throw new InvalidEndpointException(spec.name(), "address", "no command given",
					"Set it to the command line of the child process, e.g. python3 -u worker.py");
		}
		ProcessOptions options = options(spec);
		if (options.getWorkingDirectory() != null && !options.getWorkingDirectory().isBlank()
				&& !new File(options.getWorkingDirectory()).isDirectory()) {
			throw new InvalidEndpointException(spec.name(), "process.working-directory",
					"'" + options.getWorkingDirectory() + "' is not a directory", "Set it to an existing directory");
		}
		if (options.getShutdownTimeout() == null || options.getShutdownTimeout().isNegative()) {
			throw new InvalidEndpointException(spec.name(), "process.shutdown-timeout", "must not be negative",
					"Set it to how long the child may take to finish, e.g. 5s");
		}
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		return new StreamServer(spec, new ProcessAcceptor(spec, CommandLine.split(spec.address()), options(spec)));
	}

	/**
	 * One child per endpoint: the pool is a single connection whatever {@code pool-size}
	 * says.
	 */
	@Override
	public IpcClient createClient(EndpointSpec spec) {
		EndpointSpec single = spec.toBuilder().poolSize(1).build();
		return new StreamClient(single, new ProcessConnector(single, CommandLine.split(spec.address()), options(spec)));
	}

	static ProcessOptions options(EndpointSpec spec) {
		ProcessOptions options = spec.option(ProcessOptions.class);
		return (options != null) ? options : new ProcessOptions();
	}

}
