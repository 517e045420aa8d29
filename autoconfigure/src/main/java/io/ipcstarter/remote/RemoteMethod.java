package io.ipcstarter.remote;

import java.lang.reflect.Method;

import tools.jackson.databind.JavaType;

/**
 * One method of a remote interface as calls name it: its key on the wire, and the types
 * its parameters and result are read as (generic types included, e.g.
 * {@code List<Order>}).
 *
 * @param key the method's name, or {@code name(Type,...)} when the interface overloads it
 * @param method the interface's method
 * @param parameterTypes what each parameter is read as
 * @param resultType what the result is read as; {@code null}'s type for {@code void}
 */
public record RemoteMethod(String key, Method method, JavaType[] parameterTypes, JavaType resultType) {

	/** Whether the method returns nothing: its reply's result is always {@code null}. */
	public boolean isVoid() {
		return this.method.getReturnType() == void.class;
	}

}
