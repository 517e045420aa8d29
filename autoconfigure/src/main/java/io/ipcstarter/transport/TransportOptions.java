package io.ipcstarter.transport;

/**
 * A transport's own settings ({@code ipc.endpoints.<name>.<transport id>.*}): a plain
 * JavaBean that YAML binds or code fills in. An {@link EndpointSpec} keeps a copy of it
 * and hands out copies, so a spec never changes after it is built, whatever is done to
 * the objects given to it or taken from it.
 *
 * @param <T> the options class itself
 */
public abstract class TransportOptions<T extends TransportOptions<T>> implements Cloneable {

	/**
	 * An independent copy: later changes to either leave the other alone. Field by field;
	 * a subclass holding a mutable collection overrides this to copy the collection too.
	 */
	@SuppressWarnings("unchecked")
	public T copy() {
		try {
			return (T) super.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(ex); // cannot happen: this class is Cloneable
		}
	}

}
