package io.ipcstarter.remote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The service side of {@link Orders} in the remote-call tests. */
public class InMemoryOrders implements Orders {

	private final Map<String, Order> orders = new LinkedHashMap<>();

	@Override
	public synchronized Order place(Order order) {
		Order placed = new Order(order.id(), order.quantity(), order.items(),
				order.quantity() * (double) order.items().size());
		this.orders.put(order.id(), placed);
		return placed;
	}

	@Override
	public synchronized Optional<Order> find(String id) {
		return Optional.ofNullable(this.orders.get(id));
	}

	@Override
	public synchronized List<Order> all() {
		return new ArrayList<>(this.orders.values());
	}

	@Override
	public synchronized void cancel(String id) throws OrderNotFoundException {
		if (this.orders.remove(id) == null) {
			throw new OrderNotFoundException("no order " + id);
		}
	}

	@Override
	public synchronized int count() {
		return this.orders.size();
	}

	@Override
	public String describe(String id) {
		return "order " + id;
	}

	@Override
	public String describe(String id, int detail) {
		return "order " + id + " at detail " + detail;
	}

	@Override
	public Map<String, Integer> stock(Set<String> items) {
		Map<String, Integer> stock = new TreeMap<>();
		items.forEach((item) -> stock.put(item, item.length()));
		return stock;
	}

	@Override
	public String fail(String message) {
		throw new IllegalStateException(message);
	}

	@Override
	public long sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return millis;
	}

}
