package io.ipcstarter.transport.file;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.BacklogReporting;
import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;

/**
 * Transport {@code file}: one message per file in a shared directory ({@code address}).
 * One-way: {@code inbound} reads, {@code outbound} writes. The gateway roles are refused:
 * a reply would need a reply directory per requester, a correlation id carried in the
 * file and a requester that stays alive to claim its reply, which is a protocol of its
 * own rather than a property of this one; use a duplex transport (unix-socket, tcp) for
 * request/reply.
 */
public final class FileTransport implements IpcTransport {

	@Override
	public String id() {
		return "file";
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.of(Role.INBOUND, Role.OUTBOUND);
	}

	@Override
	public String roleRefusal(Role role) {
		return "a shared directory is one-way (a reply would need a directory and a correlation id per requester); "
				+ "use unix-socket or tcp for request/reply";
	}

	@Override
	public Class<FileOptions> optionsType() {
		return FileOptions.class;
	}

	@Override
	public void validate(EndpointSpec spec) throws InvalidEndpointException {
		String name = spec.name();
		if (!roles().contains(spec.role())) {
			throw new InvalidEndpointException(name, "role",
					"transport 'file' is one-way and cannot be " + spec.role().id(),
					"Set it to inbound or outbound, or use unix-socket or tcp for request/reply");
		}
		Path directory;
		try {
			directory = Paths.get(spec.address());
		}
		catch (InvalidPathException ex) {
			throw new InvalidEndpointException(name, "address", "'" + spec.address() + "' is not a path",
					"Set it to the shared directory, e.g. /var/spool/orders", ex);
		}
		if (Files.exists(directory) && !Files.isDirectory(directory)) {
			throw new InvalidEndpointException(name, "address", spec.address() + " exists and is not a directory",
					"Set it to a directory (it is created when missing), or remove the file");
		}
		validateOptions(name, options(spec));
	}

	private static void validateOptions(String name, FileOptions o) {
		positive(name, "file.poll-interval", o.getPollInterval());
		positive(name, "file.stale-after", o.getStaleAfter());
		positive(name, "file.settle-time", o.getSettleTime());
		if (o.getMode() == null) {
			throw new InvalidEndpointException(name, "file.mode", "no mode given", "Set it to maildir or legacy");
		}
		if (o.getReadyWhen() == null) {
			throw new InvalidEndpointException(name, "file.ready-when", "no rule given",
					"Set it to settle-time, done-marker, pattern, rename or exclusive-open");
		}
		if (o.getMaxAttempts() < 1) {
			throw new InvalidEndpointException(name, "file.max-attempts",
					"must be at least 1, was " + o.getMaxAttempts(),
					"Set it to how often a failed message is tried, e.g. 3");
		}
		if (o.getMaxBacklog() < 0) {
			throw new InvalidEndpointException(name, "file.max-backlog",
					"must not be negative, was " + o.getMaxBacklog(),
					"Set it to 0 (no limit) or the most messages allowed to wait");
		}
		if (o.getSuffix() == null || (!o.getSuffix().isEmpty() && !FileNames.isSafe("x" + o.getSuffix()))) {
			throw new InvalidEndpointException(name, "file.suffix",
					"'" + o.getSuffix() + "' cannot be part of a file name",
					"Set it to a plain suffix such as .xml, or leave it empty");
		}
		if (o.getDoneSuffix() == null || o.getDoneSuffix().isEmpty() || !FileNames.isSafe("x" + o.getDoneSuffix())) {
			throw new InvalidEndpointException(name, "file.done-suffix",
					"'" + o.getDoneSuffix() + "' cannot end a file name", "Set it to a plain suffix such as .done");
		}
		try {
			if (o.getPattern() == null) {
				throw new PatternSyntaxException("no pattern", "", -1);
			}
			FileSystems.getDefault().getPathMatcher("glob:" + o.getPattern());
		}
		catch (PatternSyntaxException ex) {
			throw new InvalidEndpointException(name, "file.pattern", "'" + o.getPattern() + "' is not a glob",
					"Write it as a glob, e.g. *.xml", ex);
		}
		if (o.getMode() == FileMode.LEGACY && o.getReadyWhen() == ReadyWhen.PATTERN && "*".equals(o.getPattern())) {
			throw new InvalidEndpointException(name, "file.pattern",
					"ready-when: pattern needs a pattern that " + "finished files match and files being written do not",
					"Set it, e.g. *.xml");
		}
		if (o.getMode() == FileMode.LEGACY && o.getReadyWhen() == ReadyWhen.EXCLUSIVE_OPEN
				&& !SharedDirectory.isWindows()) {
			throw new InvalidEndpointException(name, "file.ready-when",
					"exclusive-open works only on Windows (" + System.getProperty("os.name")
							+ " cannot tell whether another process has a file open)",
					"Set it to settle-time or done-marker");
		}
	}

	private static void positive(String name, String key, @Nullable Duration d) {
		if (d == null || d.isNegative() || d.isZero()) {
			throw new InvalidEndpointException(name, key,
					"must be positive, was " + ((d != null) ? Durations.simple(d) : null), "Set it to e.g. 1s");
		}
	}

	/** Files waiting in the inbox, and the age of the oldest. */
	@Override
	public BacklogReporting backlogReporting(EndpointSpec spec) {
		return new BacklogReporting(BacklogReporting.MESSAGES, true);
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		return new FileServer(spec, options(spec));
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		return new FileClient(spec, options(spec));
	}

	private static FileOptions options(EndpointSpec spec) {
		FileOptions options = spec.option(FileOptions.class);
		return (options != null) ? options : new FileOptions();
	}

}
