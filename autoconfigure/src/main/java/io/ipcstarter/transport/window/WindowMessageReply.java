package io.ipcstarter.transport.window;

/**
 * How a {@code window-message} gateway's reply travels back
 * ({@code ipc.endpoints.<name>.window-message.reply}).
 */
public enum WindowMessageReply {

	/**
	 * A WM_COPYDATA sent back to the caller's own window (the request's wParam), bytes.
	 */
	COPYDATA,

	/**
	 * The request's SendMessage result: a number, decimal digits as the reply payload.
	 */
	RESULT

}
