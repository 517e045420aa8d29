package io.ipcstarter.actuate.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Health of IPC endpoints ({@code ipc.health.*}).
 */
@ConfigurationProperties("ipc.health")
public class IpcHealthProperties {

	/**
	 * How long an endpoint may fail before its health turns to failing-status: an
	 * outbound endpoint failing to reach its peer (every send since failing with io,
	 * timeout or peer-rejected), an inbound endpoint's transport failing at its own work
	 * (every accept or directory scan since failing).
	 */
	private Duration downAfter = Duration.ofSeconds(30);

	/**
	 * Health status of an endpoint that has failed for longer than down-after. FAILING is
	 * shown per endpoint but leaves the application's overall status alone; DOWN makes
	 * the application DOWN (HTTP 503).
	 */
	private String failingStatus = "FAILING"; // IpcEndpointHealthIndicator.FAILING

	/**
	 * Health status of a stopped endpoint (stopped through the ipc actuator endpoint, or
	 * auto-startup false). STOPPED is shown per endpoint but leaves the application's
	 * overall status alone; OUT_OF_SERVICE makes the application OUT_OF_SERVICE (HTTP
	 * 503).
	 */
	private String stoppedStatus = "STOPPED"; // IpcEndpointHealthIndicator.STOPPED

	public Duration getDownAfter() {
		return this.downAfter;
	}

	public void setDownAfter(Duration downAfter) {
		this.downAfter = downAfter;
	}

	public String getFailingStatus() {
		return this.failingStatus;
	}

	public void setFailingStatus(String failingStatus) {
		this.failingStatus = failingStatus;
	}

	public String getStoppedStatus() {
		return this.stoppedStatus;
	}

	public void setStoppedStatus(String stoppedStatus) {
		this.stoppedStatus = stoppedStatus;
	}

}
