package io.ipcstarter.transport.com;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

import com.sun.jna.Platform;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;

/**
 * Transport {@code com} (Windows): calls an OLE automation object through
 * {@code IDispatch} (late binding, as VBScript does). The {@code address} is the class's
 * ProgID ({@code Scripting.Dictionary}, {@code Excel.Application}) or CLSID
 * ({@code {EE09B103-97E0-11CF-978F-00A02463E06F}}); {@code com.attach: running} calls the
 * instance registered as running instead of a new one. Each message is one call in the
 * JSON form of {@link ComCall}; the reply is the result as JSON. {@code outbound-gateway}
 * returns it; {@code outbound} makes the call and drops the result. The inbound roles are
 * refused: see {@link #roleRefusal}.
 */
public final class ComTransport implements IpcTransport {

	/** A ProgID: letters, digits, dots and underscores, at most 39 characters. */
	private static final Pattern PROG_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+){1,2}");

	private static final Pattern CLSID = Pattern
		.compile("\\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\\}");

	@Override
	public String id() {
		return "com";
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.of(Role.OUTBOUND, Role.OUTBOUND_GATEWAY);
	}

	@Override
	public String roleRefusal(Role role) {
		return "serving automation clients (a Java object in the Running Object Table that a VBScript or C# program "
				+ "calls through IDispatch) is not offered: under Wine, the only place this starter is tested on, "
				+ "RegisterActiveObject refused a Java-implemented IDispatch (E_INVALIDARG), so such a server could "
				+ "not be tested; use an inbound-gateway over transport named-pipe, which any native client can call";
	}

	@Override
	public @Nullable String unsupportedReason() {
		return Platform.isWindows() ? null
				: "COM automation exists only on Windows; call the other process through an outbound-gateway over "
						+ "tcp, unix-socket or named-pipe instead";
	}

	@Override
	public Class<ComOptions> optionsType() {
		return ComOptions.class;
	}

	@Override
	public void validate(EndpointSpec spec) throws InvalidEndpointException {
		if (spec.role().isInbound()) {
			throw new InvalidEndpointException(spec.name(), "role",
					"transport 'com' cannot be " + spec.role().id() + ": " + roleRefusal(spec.role()),
					"Set it to outbound-gateway or outbound");
		}
		String address = spec.address();
		if (!(address.length() <= 39 && PROG_ID.matcher(address).matches()) && !CLSID.matcher(address).matches()) {
			throw new InvalidEndpointException(spec.name(), "address",
					"'" + address + "' is neither a ProgID nor a CLSID",
					"Set it to a ProgID such as Scripting.Dictionary or a CLSID in braces, "
							+ "e.g. {EE09B103-97E0-11CF-978F-00A02463E06F}");
		}
		if (!spec.allowedUids().isEmpty()) {
			throw new InvalidEndpointException(spec.name(), "allowed-uids",
					"an automation call has no peer user to check", "Remove allowed-uids");
		}
	}

	/** Calls wait inside automation calls through JNA. */
	@Override
	public boolean blocksInNativeCalls(EndpointSpec spec) {
		return true;
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		throw new UnsupportedOperationException(roleRefusal(spec.role()));
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		ComOptions options = spec.option(ComOptions.class);
		boolean running = options != null && options.getAttach() == ComOptions.Attach.RUNNING;
		return new ComClient(spec, running);
	}

}
