package io.ipcstarter.transport.clipboard;

import java.util.EnumSet;
import java.util.Set;

import com.sun.jna.Platform;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.TransportOptions;

/**
 * Transport {@code clipboard} (Windows): the {@code outbound} side puts each message on
 * the Win32 clipboard in one format ({@code clipboard.format}); the {@code inbound} side
 * is told of each change and delivers the content in that format. The clipboard is one
 * slot shared with the user and every program on the desktop: the last writer wins, a
 * message not read before the next write is lost, and anyone can read it. Delivery is at
 * most once. {@code address} only names the endpoint's slot in logs; the format is what
 * pairs writer and reader.
 */
public final class ClipboardTransport implements IpcTransport {

	@Override
	public String id() {
		return "clipboard";
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.of(Role.INBOUND, Role.OUTBOUND);
	}

	@Override
	public String roleRefusal(Role role) {
		return "the clipboard is one slot with no way back (a reader cannot answer a writer, and any program may "
				+ "overwrite the request first); use transport window-message or named-pipe for request/reply";
	}

	@Override
	public @Nullable String unsupportedReason() {
		return Platform.isWindows() ? null
				: "the Win32 clipboard exists only on Windows; the X11/Wayland clipboard lives in its owner process "
						+ "and needs a display, which a headless Spring Boot application has not; use transport file "
						+ "(a shared directory) or unix-socket between local programs";
	}

	@Override
	public Class<? extends TransportOptions<?>> optionsType() {
		return ClipboardOptions.class;
	}

	@Override
	public void validate(EndpointSpec spec) throws InvalidEndpointException {
		if (spec.role().isGateway()) {
			throw new InvalidEndpointException(spec.name(), "role",
					"transport 'clipboard' cannot be " + spec.role().id() + ": " + roleRefusal(spec.role()),
					"Set it to inbound or outbound");
		}
		ClipboardFormat.of(spec);
	}

	/** The window's thread waits in {@code GetMessage} through JNA. */
	@Override
	public boolean blocksInNativeCalls(EndpointSpec spec) {
		return true;
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		return new ClipboardServer(spec, ClipboardFormat.of(spec));
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		return new ClipboardClient(spec, ClipboardFormat.of(spec));
	}

}
