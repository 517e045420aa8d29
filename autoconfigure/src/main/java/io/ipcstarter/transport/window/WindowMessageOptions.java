package io.ipcstarter.transport.window;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.TransportOptions;

/**
 * Settings of the {@code window-message} transport
 * ({@code ipc.endpoints.<name>.window-message.*}). A plain JavaBean: the transport layer
 * knows nothing of Spring; the autoconfigure layer binds it.
 */
public class WindowMessageOptions extends TransportOptions<WindowMessageOptions> {

	/**
	 * Message type (dwData of WM_COPYDATA) of each message an outbound endpoint sends
	 * when the message has no "ipc_messageType" header. Inbound endpoints set that header
	 * from the dwData they receive.
	 */
	private long messageType = 0;

	/**
	 * Message types (dwData of WM_COPYDATA) an inbound endpoint accepts; a WM_COPYDATA of
	 * any other type is refused (returns 0) and counted as a decode error. Empty (the
	 * default): every type is accepted.
	 */
	private List<Long> acceptedMessageTypes = new ArrayList<>();

	/**
	 * How a gateway's reply travels: "copydata" sends the reply bytes back as a
	 * WM_COPYDATA to the caller's own window (given as wParam of the request), "result"
	 * returns them as the request's SendMessage result, a number written in decimal
	 * digits. Defaults to copydata, and to result with registered-message.
	 */
	private @Nullable WindowMessageReply reply;

	/**
	 * Name of a registered window message (RegisterWindowMessage) to use instead of
	 * WM_COPYDATA, for programs that speak only custom messages: the payload is then two
	 * numbers, "wParam lParam" in decimal digits, and a gateway's reply is the result.
	 */
	private @Nullable String registeredMessage;

	/**
	 * Whether an inbound endpoint lets processes of lower integrity (not elevated, when
	 * this application is) send it its messages, through User Interface Privilege
	 * Isolation (ChangeWindowMessageFilterEx). Not testable under Wine, which enforces no
	 * UIPI.
	 */
	private boolean allowLowerIntegritySenders = false;

	public long getMessageType() {
		return this.messageType;
	}

	public void setMessageType(long messageType) {
		this.messageType = messageType;
	}

	public List<Long> getAcceptedMessageTypes() {
		return this.acceptedMessageTypes;
	}

	public void setAcceptedMessageTypes(List<Long> acceptedMessageTypes) {
		this.acceptedMessageTypes = new ArrayList<>(acceptedMessageTypes);
	}

	@Override
	public WindowMessageOptions copy() {
		WindowMessageOptions copy = super.copy();
		copy.acceptedMessageTypes = new ArrayList<>(this.acceptedMessageTypes);
		return copy;
	}

	public @Nullable WindowMessageReply getReply() {
		return this.reply;
	}

	public void setReply(@Nullable WindowMessageReply reply) {
		this.reply = reply;
	}

	public @Nullable String getRegisteredMessage() {
		return this.registeredMessage;
	}

	public void setRegisteredMessage(@Nullable String registeredMessage) {
		this.registeredMessage = registeredMessage;
	}

	public boolean isAllowLowerIntegritySenders() {
		return this.allowLowerIntegritySenders;
	}

	public void setAllowLowerIntegritySenders(boolean allowLowerIntegritySenders) {
		this.allowLowerIntegritySenders = allowLowerIntegritySenders;
	}

	/** The reply form in effect: the one set, else the default for the message kind. */
	WindowMessageReply effectiveReply() {
		if (this.reply != null) {
			return this.reply;
		}
		return (this.registeredMessage != null) ? WindowMessageReply.RESULT : WindowMessageReply.COPYDATA;
	}

}
