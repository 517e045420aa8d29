package io.ipcstarter.transport.com;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.windows.ComAutomation;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * One call of the {@code com} message form: a UTF-8 JSON object {@code {"call": "Item",
 * "kind": "get", "args": ["a"]}} naming the member, how it is called ({@code method}, the
 * default; {@code get}; {@code put}, whose last argument is the value) and its arguments
 * (strings, numbers, booleans, null).
 *
 * @param member the member's name
 * @param kind an {@code IDispatch::Invoke} flag of {@link ComAutomation}
 * @param args the arguments, first first
 */
record ComCall(String member, int kind, List<@Nullable Object> args) {

	/** Most arguments a call may carry. */
	static final int MAX_ARGS = 32;

	/** Longest member name. */
	static final int MAX_MEMBER = 255;

	private static final Set<String> KEYS = Set.of("call", "kind", "args");

	/**
	 * Read a call from a message's bytes.
	 * @throws IpcException ({@link ErrorReason#DECODE}) saying what is wrong with it
	 */
	static ComCall parse(byte[] payload) throws IpcException {
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(payload))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw malformed("it is not UTF-8 text");
		}
		Object json;
		try {
			json = ComJson.read(text);
		}
		catch (IllegalArgumentException ex) {
			throw malformed("it is not JSON: " + ex.getMessage());
		}
		if (!(json instanceof Map<?, ?> call)) {
			throw malformed("it is not a JSON object");
		}
		for (Object key : call.keySet()) {
			if (!KEYS.contains(key)) {
				throw malformed("unknown member \"" + key + "\" (a call has \"call\", \"kind\" and \"args\")");
			}
		}
		if (!(call.get("call") instanceof String member) || member.isBlank()) {
			throw malformed("\"call\" must name the member, e.g. \"call\": \"Item\"");
		}
		if (member.length() > MAX_MEMBER) {
			throw malformed("\"call\" is longer than " + MAX_MEMBER + " characters");
		}
		int kind = kind(call.get("kind"));
		Object args = call.containsKey("args") ? call.get("args") : List.of();
		if (!(args instanceof List<?> list)) {
			throw malformed("\"args\" must be an array");
		}
		if (list.size() > MAX_ARGS) {
			throw malformed(list.size() + " arguments; at most " + MAX_ARGS);
		}
		for (int i = 0; i < list.size(); i++) {
			Object arg = list.get(i);
			if (arg instanceof Map || arg instanceof List) {
				throw malformed("argument " + (i + 1) + " is an " + ((arg instanceof Map) ? "object" : "array")
						+ "; arguments are strings, numbers, booleans or null");
			}
		}
		if (kind == ComAutomation.DISPATCH_PROPERTYPUT && list.isEmpty()) {
			throw malformed("a \"put\" needs the value as its last argument");
		}
		@SuppressWarnings("unchecked")
		List<@Nullable Object> arguments = (List<@Nullable Object>) list;
		return new ComCall(member, kind, arguments);
	}

	private static int kind(@Nullable Object kind) throws IpcException {
		if (kind == null) {
			return ComAutomation.DISPATCH_METHOD | ComAutomation.DISPATCH_PROPERTYGET;
		}
		if (kind instanceof String name) {
			switch (name.toLowerCase(Locale.ROOT)) {
				case "method" -> {
					// as VBScript calls a member whose result it uses
					return ComAutomation.DISPATCH_METHOD | ComAutomation.DISPATCH_PROPERTYGET;
				}
				case "get" -> {
					return ComAutomation.DISPATCH_PROPERTYGET;
				}
				case "put" -> {
					return ComAutomation.DISPATCH_PROPERTYPUT;
				}
				default -> {
					// refused below
				}
			}
		}
		throw malformed("\"kind\" must be \"method\", \"get\" or \"put\", was "
				+ ComJson.write((kind instanceof String || kind instanceof Number || kind instanceof Boolean) ? kind
						: kind.toString()));
	}

	private static IpcException malformed(String problem) {
		return new IpcException(ErrorReason.DECODE, "Not a COM call: " + problem);
	}

	/** How the call is shown in errors: {@code Item (get)}. */
	String display() {
		String how = switch (this.kind) {
			case ComAutomation.DISPATCH_PROPERTYGET -> "get";
			case ComAutomation.DISPATCH_PROPERTYPUT -> "put";
			default -> "method";
		};
		return this.member + " (" + how + ")";
	}

}
