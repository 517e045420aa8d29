package io.ipcstarter.actuate.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Health of IPC endpoints ({@code ipc.health.*}).
 */
@ConfigurationProperties("ipc.health")
public class IpcHealthProperties {

	/**
	 * How long an endpoint may fail before its health is DOWN: an outbound endpoint failing to reach its peer (every
	 * send since failing with io, timeout or peer-rejected), an inbound endpoint's transport failing at its own work
	 * (every accept or directory scan since failing).
	 */
	private Duration downAfter = Duration.ofSeconds(30);

	public Duration getDownAfter() {
		return this.downAfter;
	}

	public void setDownAfter(Duration downAfter) {
		this.downAfter = downAfter;
	}

}
