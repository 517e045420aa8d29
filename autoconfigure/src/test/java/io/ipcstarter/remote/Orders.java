package io.ipcstarter.remote;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The interface the remote-call tests share between two applications: records,
 * {@code Optional}, collections, {@code void}, an overload, a declared checked exception,
 * a method that throws and one that hangs.
 */
@IpcRemote("orders")
public interface Orders {

	/** Stores an order and returns it with its total. */
	Order place(Order order);

	Optional<Order> find(String id);

	List<Order> all();

	/**
	 * @throws OrderNotFoundException when there is no such order
	 */
	void cancel(String id) throws OrderNotFoundException;

	int count();

	/** Overloads: keys {@code describe(String)} and {@code describe(String,int)}. */
	String describe(String id);

	String describe(String id, int detail);

	Map<String, Integer> stock(Set<String> items);

	/** Throws an unchecked exception with that message. */
	String fail(String message);

	/** Sleeps that long, then returns it: a server that hangs. */
	long sleep(long millis);

	/** Not remote: a proxy runs it itself. */
	default String hello() {
		return "hello from " + count();
	}

	/**
	 * An order.
	 *
	 * @param id its id
	 * @param quantity how many
	 * @param items what
	 * @param total quantity times items, as the service computes it
	 */
	record Order(String id, int quantity, List<String> items, double total) {
	}

	/** The checked exception {@link #cancel} declares. */
	class OrderNotFoundException extends Exception {

		public OrderNotFoundException(String message) {
			super(message);
		}

	}

}
