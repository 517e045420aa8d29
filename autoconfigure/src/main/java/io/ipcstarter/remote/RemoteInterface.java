package io.ipcstarter.remote;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.type.TypeFactory;

/**
 * A Java interface as remote calls see it: each abstract method under its key. A method
 * whose name is unique in the interface is called by its name ({@code place}); overloads
 * by their name and the simple names of their erased parameter types
 * ({@code find(String)}, {@code find(long,int)}, {@code put(String[])}). Default and
 * static methods are not remote: a proxy runs default methods itself.
 */
public final class RemoteInterface {

	private final Class<?> type;

	private final Map<String, RemoteMethod> byKey;

	private final Map<Method, RemoteMethod> byMethod;

	private RemoteInterface(Class<?> type, Map<String, RemoteMethod> byKey) {
		this.type = type;
		this.byKey = byKey;
		Map<Method, RemoteMethod> methods = new HashMap<>();
		byKey.values().forEach((method) -> methods.put(method.method(), method));
		this.byMethod = methods;
	}

	/**
	 * The remote methods of an interface.
	 * @throws IllegalArgumentException when {@code type} is no interface, or two
	 * overloads share a key (same parameter simple names from different packages)
	 */
	public static RemoteInterface of(Class<?> type, TypeFactory types) {
		if (!type.isInterface()) {
			throw new IllegalArgumentException(type.getName() + " is not an interface");
		}
		List<Method> methods = Arrays.stream(type.getMethods())
			.filter((method) -> Modifier.isAbstract(method.getModifiers()) && !method.isSynthetic())
			.sorted(Comparator.comparing(Method::toGenericString))
			.toList();
		Map<String, Long> names = methods.stream()
			.collect(Collectors.groupingBy(Method::getName, Collectors.counting()));
		Map<String, RemoteMethod> byKey = new LinkedHashMap<>();
		for (Method method : methods) {
			String key = (names.get(method.getName()) == 1) ? method.getName() : overloadKey(method);
			JavaType[] parameters = Arrays.stream(method.getGenericParameterTypes())
				.map(types::constructType)
				.toArray(JavaType[]::new);
			RemoteMethod remote = new RemoteMethod(key, method, parameters,
					types.constructType(method.getGenericReturnType()));
			RemoteMethod clash = byKey.put(key, remote);
			if (clash != null) {
				throw new IllegalArgumentException("Methods " + clash.method() + " and " + method + " of "
						+ type.getName() + " have the same remote key " + key + "; rename one of them");
			}
		}
		return new RemoteInterface(type, Collections.unmodifiableMap(byKey));
	}

	/**
	 * The remote methods of a remote's interface, for start-up: a clash fails naming
	 * {@code ipc.remote.<name>.interface}.
	 */
	static RemoteInterface describe(String remote, Class<?> type, TypeFactory types) {
		try {
			return of(type, types);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRemoteException(remote, "interface", ex.getMessage(),
					"Give each method a remote key of its own", ex);
		}
	}

	/** {@code name(Simple,Names)} of the erased parameter types. */
	static String overloadKey(Method method) {
		return method.getName() + Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(",", "(", ")"));
	}

	public Class<?> type() {
		return this.type;
	}

	/** The method of that key; {@code null} when the interface has none. */
	public @Nullable RemoteMethod method(String key) {
		return this.byKey.get(key);
	}

	/**
	 * The remote method of an interface method; {@code null} for a default, static or
	 * foreign one.
	 */
	public @Nullable RemoteMethod method(Method method) {
		return this.byMethod.get(method);
	}

	/** Every remote method, by key. */
	public Map<String, RemoteMethod> methods() {
		return this.byKey;
	}

}
