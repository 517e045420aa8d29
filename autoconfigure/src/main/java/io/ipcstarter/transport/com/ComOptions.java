package io.ipcstarter.transport.com;

import io.ipcstarter.transport.TransportOptions;

/**
 * Settings of the {@code com} transport ({@code ipc.endpoints.<name>.com.*}). A plain
 * JavaBean: the transport layer knows nothing of Spring; the autoconfigure layer binds
 * it.
 */
public class ComOptions extends TransportOptions<ComOptions> {

	/**
	 * Which object the calls go to: "create" makes a new one when the endpoint starts
	 * calling (CoCreateInstance), "running" attaches to the instance registered as
	 * running (GetActiveObject) and fails each call while there is none.
	 */
	private Attach attach = Attach.CREATE;

	public Attach getAttach() {
		return this.attach;
	}

	public void setAttach(Attach attach) {
		this.attach = attach;
	}

	/** Values of {@code com.attach}. */
	public enum Attach {

		/** A new object of the class, made on first use, released on stop. */
		CREATE,

		/** The running object of the class ({@code GetActiveObject}). */
		RUNNING

	}

}
