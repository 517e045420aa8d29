package io.ipcstarter.transport.window;

import java.util.EnumSet;
import java.util.Set;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.windows.User32Messages;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;

/**
 * Transport {@code window-message} (Windows): each message is one {@code WM_COPYDATA}
 * (the bytes in {@code lpData}, {@code dwData} the message type, header
 * {@code ipc_messageType}), or with {@code window-message.registered-message} one
 * registered window message whose {@code wParam} and {@code lParam} are the payload. The
 * inbound side owns a message-only window whose class and name are the address; the
 * outbound side finds it, or a legacy program's top-level window, by that name. All four
 * roles: a gateway's reply is the {@code SendMessage} result ({@code reply: result}) or a
 * WM_COPYDATA to the caller's own window ({@code reply: copydata}). A send returns once
 * the receiver has handled the message; every send is bounded by {@code send-timeout}
 * ({@code SendMessageTimeout} with {@code SMTO_ABORTIFHUNG}).
 */
public final class WindowMessageTransport implements IpcTransport {

	/** Longest window class name Windows takes (256 with the terminating NUL). */
	static final int MAX_CLASS_NAME = 255;

	@Override
	public String id() {
		return "window-message";
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.allOf(Role.class);
	}

	@Override
	public @Nullable String unsupportedReason() {
		return Platform.isWindows() ? null
				: "window messages (WM_COPYDATA) exist only on Windows; use transport unix-socket or named-pipe "
						+ "(a Unix domain socket here) for messages and request/reply between local processes";
	}

	@Override
	public Class<WindowMessageOptions> optionsType() {
		return WindowMessageOptions.class;
	}

	@Override
	public Set<String> outboundAttributes() {
		return Set.of(WindowMessageClient.MESSAGE_TYPE);
	}

	@Override
	public void validate(EndpointSpec spec) throws InvalidEndpointException {
		String address = spec.address();
		if (address.isBlank() || address.length() > MAX_CLASS_NAME) {
			throw new InvalidEndpointException(spec.name(), "address",
					"a window name of 1 to " + MAX_CLASS_NAME + " characters is needed, not '" + address + "'",
					"Set it to the receiving window's class or name, e.g. OrdersWindow");
		}
		if (!spec.allowedUids().isEmpty()) {
			throw new InvalidEndpointException(spec.name(), "allowed-uids",
					"a window message does not tell which user sent it",
					"Remove allowed-uids; only processes of the same desktop can send window messages");
		}
		WindowMessageOptions options = options(spec);
		String registered = options.getRegisteredMessage();
		if (registered != null && (registered.isBlank() || registered.length() > MAX_CLASS_NAME)) {
			throw new InvalidEndpointException(spec.name(), "window-message.registered-message",
					"a registered message name of 1 to " + MAX_CLASS_NAME + " characters is needed, not '" + registered
							+ "'",
					"Set it to the name both programs pass to RegisterWindowMessage, or remove it to use WM_COPYDATA");
		}
		if (!options.getAcceptedMessageTypes().isEmpty() && !spec.role().isInbound()) {
			throw new InvalidEndpointException(spec.name(), "window-message.accepted-message-types",
					"only a receiving endpoint refuses message types, this endpoint is " + spec.role().id(),
					"Remove it, or set window-message.message-type to choose the type this endpoint sends");
		}
		if (!options.getAcceptedMessageTypes().isEmpty() && registered != null) {
			throw new InvalidEndpointException(spec.name(), "window-message.accepted-message-types",
					"a registered message has no message type (dwData): it carries two numbers",
					"Remove it, or remove window-message.registered-message to use WM_COPYDATA");
		}
		if (registered != null && options.getReply() == WindowMessageReply.COPYDATA) {
			throw new InvalidEndpointException(spec.name(), "window-message.reply",
					"a registered message carries two numbers and no bytes, so its reply can only be the result",
					"Set it to result, or remove it");
		}
	}

	/**
	 * The receiver waits in {@code GetMessage}, the sender in {@code SendMessageTimeout}.
	 */
	@Override
	public boolean blocksInNativeCalls(EndpointSpec spec) {
		return true;
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		return new WindowMessageServer(spec, options(spec), spec.maxMessageSize());
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		return new WindowMessageClient(spec, options(spec), spec.maxMessageSize());
	}

	static WindowMessageOptions options(EndpointSpec spec) {
		WindowMessageOptions options = spec.option(WindowMessageOptions.class);
		return (options != null) ? options : new WindowMessageOptions();
	}

	/**
	 * The id of the endpoint's registered message ({@code RegisterWindowMessage}), or 0
	 * for WM_COPYDATA.
	 */
	static int registeredMessage(WindowMessageOptions options, EndpointSpec spec) throws IpcException {
		String name = options.getRegisteredMessage();
		if (name == null) {
			return 0;
		}
		int message = User32Messages.get().RegisterWindowMessage(name);
		if (message == 0) {
			throw new IpcException(ErrorReason.IO,
					"RegisterWindowMessage('" + name + "') failed with error " + Native.getLastError()
							+ " for ipc.endpoints." + spec.name() + ".window-message.registered-message");
		}
		return message;
	}

}
