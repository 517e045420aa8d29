package io.ipcstarter.transport.process;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.BadInputLog;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.ReportedLog;
import io.ipcstarter.transport.stream.StreamConnection;
import io.ipcstarter.transport.stream.StreamConnector;

/**
 * The outbound side of {@code process}: "connecting" starts the child. The stream client
 * connects lazily on the first send, and again after the child has exited (the connection
 * then reports its peer gone), which is a restart: allowed by {@code restart}, otherwise
 * refused so the send fails after {@code send-timeout} naming the exit. An
 * {@code outbound} endpoint discards the child's stdout; an {@code outbound-gateway}
 * reads replies from it.
 */
final class ProcessConnector implements StreamConnector {

	private final EndpointSpec spec;

	private final List<String> command;

	private final ProcessOptions options;

	/**
	 * Bounds the exits logged: a child that keeps dying (a caller retrying against it)
	 * must not fill the log. A summary that comes due is written on {@code ipc-reports},
	 * whether or not another exit follows.
	 */
	private final ReportedLog exits;

	private volatile @Nullable String refusal;

	ProcessConnector(EndpointSpec spec, List<String> command, ProcessOptions options) {
		this(spec, command, options, BadInputLog.ofChildExits(spec.name()));
	}

	/**
	 * @param exits the bound of the exits logged (tests shorten its interval)
	 */
	ProcessConnector(EndpointSpec spec, List<String> command, ProcessOptions options, BadInputLog exits) {
		this.spec = spec;
		this.command = command;
		this.options = options;
		System.Logger log = System.getLogger("ipc.process." + spec.name());
		this.exits = new ReportedLog(exits, (line) -> log.log(Level.WARNING, line));
	}

	@Override
	public StreamConnection connect(Duration timeout) throws IOException {
		String refused = this.refusal;
		if (refused != null) {
			throw new IOException(refused);
		}
		ChildProcess child = ChildProcess.start(this.spec.name(), this.command, this.options,
				this.spec.role().isGateway());
		return new ProcessConnection(child, (code, onItsOwn) -> exited(child, code, onItsOwn));
	}

	/**
	 * Only an exit the child made by itself counts against {@code restart}: not one we
	 * asked for.
	 */
	private void exited(ChildProcess child, int code, boolean onItsOwn) {
		if (!onItsOwn && code == 0) {
			return;
		}
		String what = child.exitDescription(code);
		// one we stopped or killed (its output broke the framing, its call overran) is
		// replaced whatever restart says
		if (onItsOwn && !this.options.getRestart().restarts(code)) {
			this.refusal = what + " and restart is " + this.options.getRestart().name().toLowerCase().replace('_', '-');
		}
		this.exits.report(ErrorReason.IO, "Endpoint '" + this.spec.name() + "': " + what);
	}

	@Override
	public String address() {
		return String.join(" ", this.command);
	}

}
