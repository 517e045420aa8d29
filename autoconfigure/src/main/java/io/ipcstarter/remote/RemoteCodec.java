package io.ipcstarter.remote;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * The call and reply envelopes, byte for byte as docs/wire-formats.md ("Remote calls")
 * gives them: UTF-8 JSON,
 * <ul>
 * <li>a call {@code {"v":1,"method":"<key>","params":[...]}};</li>
 * <li>a reply {@code {"v":1,"result":<value>}}, or
 * {@code {"v":1,"error":{"code":"...","type":"...","message":"..."}}}.</li>
 * </ul>
 * The envelope's keys are written here, whatever the mapper's naming settings; the values
 * (parameters, results) go through the application's {@link JsonMapper}, so both sides
 * must map them alike. Thread-safe.
 */
public final class RemoteCodec {

	/** The envelope version this codec writes and reads. */
	public static final int VERSION = 1;

	private final JsonMapper mapper;

	public RemoteCodec(JsonMapper mapper) {
		this.mapper = mapper;
	}

	public JsonMapper mapper() {
		return this.mapper;
	}

	// ---- calling side

	/** The call envelope of a method with these arguments ({@code null}: none). */
	public byte[] writeCall(RemoteMethod method, @Nullable Object[] args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(64);
		try (JsonGenerator json = this.mapper.createGenerator(out)) {
			json.writeStartObject();
			json.writeName("v");
			json.writeNumber(VERSION);
			json.writeName("method");
			json.writeString(method.key());
			json.writeName("params");
			json.writeStartArray();
			if (args != null) {
				for (int i = 0; i < args.length; i++) {
					this.mapper.writerFor(method.parameterTypes()[i]).writeValue(json, args[i]);
				}
			}
			json.writeEndArray();
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	/**
	 * The result of a reply envelope, read as the method's return type.
	 * @throws RemoteCallException for an error reply, or a reply that is no envelope
	 * @throws Exception a checked exception the method declares, when the error reply
	 * names one the calling side can make
	 */
	public @Nullable Object readResult(RemoteMethod method, byte[] reply) throws Exception {
		JsonNode envelope;
		try {
			envelope = this.mapper.readTree(reply);
		}
		catch (JacksonException ex) {
			throw badReply("the reply is not JSON: " + ex.getOriginalMessage(), ex);
		}
		if (envelope == null || !envelope.isObject() || !isVersion(envelope.get("v"))) {
			throw badReply("the reply is not a version " + VERSION + " reply envelope", null);
		}
		JsonNode error = envelope.get("error");
		if (error != null && !error.isNull()) {
			throw remoteError(method, error);
		}
		if (method.isVoid()) {
			return null;
		}
		JsonNode result = envelope.get("result");
		try {
			return this.mapper.treeToValue((result != null) ? result : NullNode.getInstance(), method.resultType());
		}
		catch (JacksonException ex) {
			throw badReply("the result does not fit " + method.resultType() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	private static RemoteCallException badReply(String message, @Nullable Throwable cause) {
		return new RemoteCallException(RemoteErrorCode.BAD_REPLY, null, message, cause);
	}

	private static Exception remoteError(RemoteMethod method, JsonNode error) {
		RemoteErrorCode code = RemoteErrorCode.of(text(error.get("code")));
		String type = text(error.get("type"));
		String message = text(error.get("message"));
		if (message == null) {
			message = "";
		}
		if (code == null) {
			return badReply("the reply's error has an unknown code " + error.get("code") + ": " + message, null);
		}
		if (code == RemoteErrorCode.EXCEPTION && type != null) {
			Exception declared = declaredException(method, type, message);
			if (declared != null) {
				return declared;
			}
		}
		return new RemoteCallException(code, (code == RemoteErrorCode.EXCEPTION) ? type : null, message, null);
	}

	/**
	 * The remote exception as itself, when the method declares its class (or a
	 * superclass) and the class is here with a constructor taking the message (or none).
	 */
	private static @Nullable Exception declaredException(RemoteMethod method, String type, String message) {
		Class<?> thrown;
		try {
			thrown = Class.forName(type, false, method.method().getDeclaringClass().getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
		for (Class<?> declared : method.method().getExceptionTypes()) {
			if (declared.isAssignableFrom(thrown) && Exception.class.isAssignableFrom(thrown)) {
				return instantiate(thrown.asSubclass(Exception.class), message);
			}
		}
		return null;
	}

	private static @Nullable Exception instantiate(Class<? extends Exception> type, String message) {
		try {
			Constructor<? extends Exception> withMessage = type.getConstructor(String.class);
			return withMessage.newInstance(message);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			try {
				return type.getConstructor().newInstance();
			}
			catch (ReflectiveOperationException | RuntimeException ignored) {
				return null;
			}
		}
	}

	// ---- serving side

	/**
	 * The call of a request envelope, its parameters read as the method's parameter
	 * types.
	 * @throws BadCallException naming what is wrong, to be answered with an error reply
	 */
	public Call readCall(RemoteInterface api, byte[] request) throws BadCallException {
		JsonNode envelope;
		try {
			envelope = this.mapper.readTree(request);
		}
		catch (JacksonException ex) {
			throw new BadCallException(RemoteErrorCode.BAD_REQUEST, "not JSON: " + ex.getOriginalMessage());
		}
		if (envelope == null || !envelope.isObject()) {
			throw new BadCallException(RemoteErrorCode.BAD_REQUEST, "not a JSON object");
		}
		if (!isVersion(envelope.get("v"))) {
			throw new BadCallException(RemoteErrorCode.BAD_REQUEST,
					"\"v\" is " + envelope.get("v") + ", this service speaks version " + VERSION);
		}
		String key = text(envelope.get("method"));
		if (key == null) {
			throw new BadCallException(RemoteErrorCode.BAD_REQUEST, "no \"method\" string");
		}
		RemoteMethod method = api.method(key);
		if (method == null) {
			throw new BadCallException(RemoteErrorCode.UNKNOWN_METHOD,
					api.type().getName() + " has no remote method '" + abbreviate(key) + "'");
		}
		JsonNode params = envelope.get("params");
		boolean none = params == null || params.isNull(); // as good as []
		if (!none && !params.isArray()) {
			throw new BadCallException(RemoteErrorCode.BAD_REQUEST, "\"params\" is not an array");
		}
		int given = none ? 0 : params.size();
		JsonTypes types = new JsonTypes(method);
		if (given != types.count()) {
			throw new BadCallException(RemoteErrorCode.BAD_ARGUMENTS,
					key + " takes " + types.count() + " parameters, the call has " + given);
		}
		Object[] args = new Object[given];
		for (int i = 0; i < args.length; i++) {
			try {
				args[i] = this.mapper.treeToValue(params.get(i), method.parameterTypes()[i]);
			}
			catch (JacksonException ex) {
				throw new BadCallException(RemoteErrorCode.BAD_ARGUMENTS, "parameter " + i + " of " + key + " is not a "
						+ types.name(i) + ": " + ex.getOriginalMessage());
			}
			if (args[i] == null && method.method().getParameterTypes()[i].isPrimitive()) {
				throw new BadCallException(RemoteErrorCode.BAD_ARGUMENTS,
						"parameter " + i + " of " + key + " is a " + types.name(i) + ", not null");
			}
		}
		return new Call(method, args);
	}

	/** The reply envelope of a method's result. */
	public byte[] writeResult(RemoteMethod method, @Nullable Object result) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(64);
		try (JsonGenerator json = this.mapper.createGenerator(out)) {
			json.writeStartObject();
			json.writeName("v");
			json.writeNumber(VERSION);
			json.writeName("result");
			if (method.isVoid() || result == null) {
				json.writeNull();
			}
			else {
				this.mapper.writerFor(method.resultType()).writeValue(json, result);
			}
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	/**
	 * An error reply envelope; {@code type} only with {@link RemoteErrorCode#EXCEPTION}.
	 */
	public byte[] writeError(RemoteErrorCode code, @Nullable String type, @Nullable String message) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(96);
		try (JsonGenerator json = this.mapper.createGenerator(out)) {
			json.writeStartObject();
			json.writeName("v");
			json.writeNumber(VERSION);
			json.writeName("error");
			json.writeStartObject();
			json.writeName("code");
			json.writeString(code.code());
			if (type != null) {
				json.writeName("type");
				json.writeString(type);
			}
			json.writeName("message");
			json.writeString((message != null) ? message : "");
			json.writeEndObject();
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	private static boolean isVersion(@Nullable JsonNode version) {
		return version != null && version.isIntegralNumber() && version.canConvertToInt()
				&& version.intValue() == VERSION;
	}

	private static @Nullable String text(@Nullable JsonNode node) {
		return (node != null && node.isString()) ? node.stringValue() : null;
	}

	/** A key from the wire, cut so that a hostile one cannot fill the logs. */
	private static String abbreviate(String key) {
		return (key.length() <= 100) ? key : key.substring(0, 100) + "...";
	}

	/** A decoded call: the method and its arguments. */
	public record Call(RemoteMethod method, Object[] args) {
	}

	/** Names of a method's parameter types for error messages. */
	private record JsonTypes(RemoteMethod method) {

		int count() {
			return this.method.parameterTypes().length;
		}

		String name(int i) {
			return this.method.method().getGenericParameterTypes()[i].getTypeName();
		}

	}

	/** A request that is no call this service can make: answered with an error reply. */
	public static final class BadCallException extends Exception {

		private final RemoteErrorCode code;

		BadCallException(RemoteErrorCode code, String message) {
			super(message, null, false, false); // bad input from a peer: no stack trace
			this.code = code;
		}

		public RemoteErrorCode code() {
			return this.code;
		}

	}

}
