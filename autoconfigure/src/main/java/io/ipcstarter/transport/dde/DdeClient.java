package io.ipcstarter.transport.dde;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.jna.Memory;
import com.sun.jna.platform.win32.Ddeml;
import com.sun.jna.platform.win32.DdemlUtil;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;

/**
 * The client roles of {@code dde}: {@code outbound} pokes each message into an item,
 * {@code outbound-gateway} requests an item's data (the message itself is not sent) or
 * executes the message as a command. The item is the message's {@code ipc_ddeItem}
 * header, else {@code dde.item}. One conversation, connected on first use and again after
 * it was lost; its transactions run one at a time.
 */
final class DdeClient implements IpcClient {

	private final EndpointSpec spec;

	private final DdeConversation conversation;

	private final DdeData data;

	private final @Nullable String item;

	private final DdeOperation operation;

	private int formatId;

	DdeClient(EndpointSpec spec, DdeAddress address, DdeData data, @Nullable DdeOptions options) {
		this.spec = spec;
		this.conversation = new DdeConversation(spec, address);
		this.data = data;
		this.item = (options != null) ? options.getItem() : null;
		this.operation = (options != null) ? options.getOperation() : DdeOperation.REQUEST;
	}

	@Override
	public void send(byte[] payload) throws IOException {
		send(payload, Map.of());
	}

	@Override
	public void send(byte[] payload, Map<String, Object> attributes) throws IOException {
		String target = item(attributes);
		Memory bytes = this.data.encode(payload);
		synchronized (this.conversation) {
			DdemlUtil.IDdeConnection connection = this.conversation.connection();
			try {
				connection.poke(bytes, this.data.wireLength(payload), target, format(), timeoutMillis(), null, null);
			}
			catch (DdemlUtil.DdemlException ex) {
				throw this.conversation.failed(
						"Poking item '" + target + "' within send-timeout " + Durations.simple(this.spec.sendTimeout()),
						ex);
			}
		}
	}

	@Override
	public byte[] request(byte[] payload) throws IOException {
		return request(payload, Map.of());
	}

	@Override
	public byte[] request(byte[] payload, Map<String, Object> attributes) throws IOException {
		synchronized (this.conversation) {
			DdemlUtil.IDdeConnection connection = this.conversation.connection();
			if (this.operation == DdeOperation.EXECUTE) {
				try {
					connection.execute(new String(payload, StandardCharsets.UTF_8), replyMillis(), null, null);
					return new byte[0];
				}
				catch (DdemlUtil.DdemlException ex) {
					throw this.conversation.failed(
							"Executing a command within reply-timeout " + Durations.simple(this.spec.replyTimeout()),
							ex);
				}
			}
			String target = item(attributes);
			Ddeml.HDDEDATA answer;
			try {
				answer = connection.request(target, format(), replyMillis(), null, null);
			}
			catch (DdemlUtil.DdemlException ex) {
				throw this.conversation.failed("Requesting item '" + target + "' within reply-timeout "
						+ Durations.simple(this.spec.replyTimeout()), ex);
			}
			DdemlUtil.StandaloneDdeClient client = this.conversation.client();
			try {
				return this.data.decode(client, answer, this.spec.maxMessageSize());
			}
			finally {
				client.freeDataHandle(answer); // a synchronous request's data is ours
			}
		}
	}

	private String item(Map<String, Object> attributes) throws IpcException {
		Object fromHeader = attributes.get(DdeTransport.ITEM_HEADER);
		String target = (fromHeader != null) ? fromHeader.toString() : this.item;
		if (target == null || target.isBlank()) {
			throw new IpcException(ErrorReason.UNSUPPORTED, "No DDE item for a message of endpoint '" + this.spec.name()
					+ "': set dde.item or the header " + DdeTransport.ITEM_HEADER);
		}
		return target;
	}

	private int format() throws IpcException {
		if (this.formatId == 0) {
			this.formatId = this.data.id();
		}
		return this.formatId;
	}

	private int timeoutMillis() {
		return (int) Math.min(Integer.MAX_VALUE, this.spec.sendTimeout().toMillis());
	}

	private int replyMillis() {
		return (int) Math.min(Integer.MAX_VALUE, this.spec.replyTimeout().toMillis());
	}

	@Override
	public String address() {
		return "dde:" + this.conversation.address();
	}

	@Override
	public void close() {
		this.conversation.close();
	}

}
