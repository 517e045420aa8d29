package io.ipcstarter.transport.dde;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Ddeml;
import com.sun.jna.platform.win32.DdemlUtil;
import com.sun.jna.platform.win32.WinDef.DWORDByReference;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Peer;

/**
 * The server role of {@code dde} ({@code inbound-gateway}): registers the service name
 * ({@code DdeNameService}) and accepts conversations on its topic. Each transaction is
 * one message with the attributes {@code ddeItem} and {@code ddeOperation}
 * ({@code request}, {@code poke}, {@code execute}):
 * <ul>
 * <li>{@code request}: the payload is the item's name; the flow's reply is the item's
 * data;</li>
 * <li>{@code poke}: the payload is the data poked; the flow's reply is discarded and
 * acknowledges it;</li>
 * <li>{@code execute}: the payload is the command string (UTF-8); the reply is discarded
 * and acknowledges it.</li>
 * </ul>
 * A transaction the flow fails (an error, no reply within {@code reply-timeout}) is
 * answered {@code DDE_FNOTPROCESSED}, so the DDE client sees the failure. DDEML calls the
 * server on its instance's one thread: transactions are handled one at a time.
 */
final class DdeServer implements IpcServer {

	static final String ITEM = "ddeItem";

	static final String OPERATION = "ddeOperation";

	private final EndpointSpec spec;

	private final DdeAddress address;

	private final DdeData data;

	private DdemlUtil.@Nullable StandaloneDdeClient instance;

	private @Nullable InboundListener listener;

	private int formatId;

	DdeServer(EndpointSpec spec, DdeAddress address, DdeData data) {
		this.spec = spec;
		this.address = address;
		this.data = data;
	}

	@Override
	public synchronized void start(InboundListener listener) throws IOException {
		if (this.instance != null) {
			throw new IpcException(ErrorReason.IO, "The DDE server of " + this.spec + " is started");
		}
		this.listener = listener;
		this.formatId = this.data.id();
		DdemlUtil.StandaloneDdeClient dde = new DdemlUtil.StandaloneDdeClient();
		dde.registerConnectHandler((type, topic, service, context, sameInstance) -> this.address.topic()
			.equalsIgnoreCase(dde.queryString(topic)));
		dde.registerRequestHandler((type, format, conv, topic, item) -> request(dde, format, item));
		dde.registerPokeHandler((type, format, conv, topic, item, poked) -> poke(dde, format, item, poked));
		dde.registerExecuteHandler((type, conv, topic, command) -> execute(dde, command));
		try {
			dde.initialize(Ddeml.APPCLASS_STANDARD | Ddeml.CBF_FAIL_ADVISES | Ddeml.CBF_SKIP_ALLNOTIFICATIONS);
			dde.nameService(this.address.service(), Ddeml.DNS_REGISTER);
		}
		catch (DdemlUtil.DdemlException ex) {
			close(dde);
			throw DdeErrors.of("Registering DDE service '" + this.address.service() + "'", ex);
		}
		this.instance = dde;
	}

	private Ddeml.@Nullable HDDEDATA request(DdemlUtil.StandaloneDdeClient dde, int format, Ddeml.HSZ item) {
		InboundListener target = this.listener;
		if (target == null) {
			return null;
		}
		String name = dde.queryString(item);
		Peer peer = Peer.of("dde:" + this.address);
		if (!DdeData.sameFormat(format, this.formatId)) {
			// the client sees "not processed"; counted like any other bad input
			refuseFormat(target, "request", name, format, peer);
			return null;
		}
		byte[][] answer = new byte[1][];
		try {
			target.onMessage(name.getBytes(StandardCharsets.UTF_8), peer, (reply) -> answer[0] = reply,
					Map.of(ITEM, name, OPERATION, "request"));
		}
		catch (Exception ex) {
			target.onError(reasonOf(ex), ex, peer);
			return null;
		}
		if (answer[0] == null) {
			return null;
		}
		Memory bytes = this.data.encode(answer[0]);
		return dde.createDataHandle(bytes, this.data.wireLength(answer[0]), 0, item, format, 0);
	}

	private int poke(DdemlUtil.StandaloneDdeClient dde, int format, Ddeml.HSZ item, Ddeml.HDDEDATA poked) {
		InboundListener target = this.listener;
		if (target == null) {
			return Ddeml.DDE_FNOTPROCESSED;
		}
		String name = dde.queryString(item);
		Peer peer = Peer.of("dde:" + this.address);
		if (!DdeData.sameFormat(format, this.formatId)) {
			refuseFormat(target, "poke", name, format, peer);
			return Ddeml.DDE_FNOTPROCESSED;
		}
		try {
			byte[] payload = this.data.decode(dde, poked, this.spec.maxMessageSize());
			target.onMessage(payload, peer, (reply) -> {
			}, Map.of(ITEM, name, OPERATION, "poke"));
			return Ddeml.DDE_FACK;
		}
		catch (Exception ex) {
			target.onError(reasonOf(ex), ex, peer);
			return Ddeml.DDE_FNOTPROCESSED;
		}
	}

	/**
	 * A transaction in a format this endpoint does not serve is refused and reported as
	 * {@code decode}, like any bad input from a peer (a {@code window-message} endpoint
	 * does the same with a {@code dwData} it does not accept): before, it was refused
	 * without a count, so a client poking in the wrong format failed unseen.
	 */
	private void refuseFormat(InboundListener target, String operation, String item, int format, Peer peer) {
		target.onError(ErrorReason.DECODE, new IpcException(ErrorReason.DECODE,
				"A DDE " + operation + " of item '" + item + "' in clipboard format " + (format & 0xFFFF)
						+ ", not dde.format '" + this.data.name() + "' (" + (this.formatId & 0xFFFF) + "), is refused"),
				peer);
	}

	private int execute(DdemlUtil.StandaloneDdeClient dde, Ddeml.HDDEDATA command) {
		InboundListener target = this.listener;
		if (target == null) {
			return Ddeml.DDE_FNOTPROCESSED;
		}
		Peer peer = Peer.of("dde:" + this.address);
		try {
			byte[] payload = commandString(dde, command);
			target.onMessage(payload, peer, (reply) -> {
			}, Map.of(OPERATION, "execute"));
			return Ddeml.DDE_FACK;
		}
		catch (Exception ex) {
			target.onError(reasonOf(ex), ex, peer);
			return Ddeml.DDE_FNOTPROCESSED;
		}
	}

	/**
	 * A command string in a Unicode DDEML instance: UTF-16LE up to its NUL, bounded by
	 * the handle's size and {@code max-message-size}.
	 */
	private byte[] commandString(DdemlUtil.StandaloneDdeClient dde, Ddeml.HDDEDATA command) throws IpcException {
		DWORDByReference size = new DWORDByReference();
		Pointer bytes = dde.accessData(command, size);
		try {
			long chars = size.getValue().longValue() / 2;
			int length = 0;
			while (length < chars && bytes.getChar(2L * length) != 0) {
				length++;
				if (length > this.spec.maxMessageSize()) {
					throw new IpcException(ErrorReason.OVERSIZE, "A DDE command of more than "
							+ this.spec.maxMessageSize() + " characters exceeds max-message-size");
				}
			}
			String text = new String(bytes.getByteArray(0, 2 * length), StandardCharsets.UTF_16LE);
			return text.getBytes(StandardCharsets.UTF_8);
		}
		finally {
			dde.unaccessData(command);
		}
	}

	private static ErrorReason reasonOf(Exception ex) {
		return (ex instanceof IOException) ? IpcException.reasonOf(ex) : ErrorReason.HANDLER;
	}

	@Override
	public String address() {
		return "dde:" + this.address;
	}

	@Override
	public synchronized void close() {
		DdemlUtil.StandaloneDdeClient dde = this.instance;
		this.instance = null;
		this.listener = null;
		if (dde != null) {
			try {
				dde.nameService(this.address.service(), Ddeml.DNS_UNREGISTER);
			}
			catch (RuntimeException ex) {
				// closing anyway
			}
			close(dde);
		}
	}

	private static void close(DdemlUtil.StandaloneDdeClient dde) {
		try {
			dde.close();
		}
		catch (IOException | RuntimeException ex) {
			// closing: nothing left to do
		}
	}

}
