package io.ipcstarter.transport.dde;

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
 * Transport {@code dde} (Windows): Dynamic Data Exchange through DDEML (jna-platform's
 * {@code DdemlUtil}). {@code address} is {@code service|topic}. As a client:
 * {@code outbound} pokes each message into an item, {@code outbound-gateway} requests an
 * item's data or executes the message as a command ({@code dde.operation}),
 * {@code inbound} keeps an advise loop on {@code dde.item} and delivers each change. As a
 * server: {@code inbound-gateway} registers the service and answers requests, pokes and
 * executes from the channel's flow.
 */
public final class DdeTransport implements IpcTransport {

	/** Header naming the item of one outbound message, overriding {@code dde.item}. */
	public static final String ITEM_HEADER = "ipc_ddeItem";

	@Override
	public String id() {
		return "dde";
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.allOf(Role.class);
	}

	@Override
	public @Nullable String unsupportedReason() {
		return Platform.isWindows() ? null
				: "DDE exists only on Windows; use transport named-pipe (request/reply, a Unix socket elsewhere) "
						+ "or unix-socket between local programs";
	}

	@Override
	public Class<? extends TransportOptions<?>> optionsType() {
		return DdeOptions.class;
	}

	@Override
	public Set<String> outboundAttributes() {
		return Set.of(ITEM_HEADER);
	}

	@Override
	public void validate(EndpointSpec spec) throws InvalidEndpointException {
		DdeAddress.of(spec);
		DdeData.of(spec);
		DdeOptions options = spec.option(DdeOptions.class);
		String item = (options != null) ? options.getItem() : null;
		if (item != null && (item.isBlank() || item.length() > DdeAddress.MAX_NAME)) {
			throw new InvalidEndpointException(spec.name(), "dde.item", "'" + item + "' is not an item name",
					"Set it to the item, e.g. R1C1, 1 to " + DdeAddress.MAX_NAME + " characters");
		}
		if (spec.role() == Role.INBOUND && item == null) {
			throw new InvalidEndpointException(spec.name(), "dde.item",
					"an inbound dde endpoint watches one item (an advise loop) and none is given",
					"Set dde.item to the item to watch, e.g. R1C1");
		}
		if (spec.role() != Role.OUTBOUND_GATEWAY && options != null && options.getOperation() != DdeOperation.REQUEST) {
			throw new InvalidEndpointException(spec.name(), "dde.operation",
					"only an outbound-gateway chooses an operation, this endpoint is " + spec.role().id(),
					"Remove dde.operation, or set role: outbound-gateway");
		}
	}

	/** DDEML's thread waits in its message loop through JNA. */
	@Override
	public boolean blocksInNativeCalls(EndpointSpec spec) {
		return true;
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		if (spec.role() == Role.INBOUND) {
			DdeOptions options = spec.option(DdeOptions.class);
			String item = (options != null) ? options.getItem() : null;
			if (item == null) {
				throw new InvalidEndpointException(spec.name(), "dde.item", "no item to watch",
						"Set dde.item to the item to watch");
			}
			return new DdeAdviseServer(spec, DdeAddress.of(spec), DdeData.of(spec), item);
		}
		return new DdeServer(spec, DdeAddress.of(spec), DdeData.of(spec));
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		return new DdeClient(spec, DdeAddress.of(spec), DdeData.of(spec), spec.option(DdeOptions.class));
	}

}
