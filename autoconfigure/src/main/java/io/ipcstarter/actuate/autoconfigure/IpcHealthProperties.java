package io.ipcstarter.actuate.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Health of IPC endpoints ({@code ipc.health.*}).
 */
@ConfigurationProperties("ipc.health")
public class IpcHealthProperties {

	/**
	 * How long an outbound endpoint may fail to reach its peer (every send since failing with io, timeout or
	 * peer-rejected) before its health is DOWN.
	 */
	private Duration downAfter = Duration.ofSeconds(30);

	public Duration getDownAfter() {
		return this.downAfter;
	}

	public void setDownAfter(Duration downAfter) {
		this.downAfter = downAfter;
	}

}
