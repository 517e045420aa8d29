package io.ipcstarter.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;

import io.ipcstarter.integration.IpcInboundChannelAdapter;
import io.ipcstarter.integration.IpcInboundGateway;
import io.ipcstarter.integration.IpcOutboundChannelAdapter;
import io.ipcstarter.integration.IpcOutboundGateway;

/**
 * Makes the Spring Integration component of a YAML endpoint from nothing but its name,
 * reading its properties when the bean is created. The registrar's bean definitions call
 * it by name with the endpoint's name as their one argument: plain values that Spring AOT
 * can write out as code, so endpoints work in an AOT-processed application (and a native
 * image) as they do on the JVM.
 */
public final class IpcEndpointFactory {

	/** Name of this factory's bean. */
	public static final String BEAN_NAME = "ipc.endpointFactory";

	private final EndpointSpecs specs;

	/**
	 * @param sslBundles Spring Boot's SSL bundles, which {@code tcp.ssl.bundle} names
	 */
	public IpcEndpointFactory(Environment environment, ObjectProvider<SslBundles> sslBundles) {
		this.specs = new EndpointSpecs(environment, new TcpSslBundles(sslBundles.getIfAvailable()));
	}

	/** The adapter of an {@code inbound} endpoint, feeding its channel. */
	public IpcInboundChannelAdapter inboundAdapter(String name) {
		EndpointSpecs.Resolved endpoint = this.specs.resolve(name);
		IpcProperties.Endpoint p = endpoint.properties();
		IpcInboundChannelAdapter adapter = new IpcInboundChannelAdapter(endpoint.transport(), endpoint.spec(),
				endpoint.converter());
		adapter.setOutputChannelName(p.getChannel());
		if (p.getErrorChannel() != null) {
			adapter.setErrorChannelName(p.getErrorChannel());
		}
		adapter.setAutoStartup(p.isAutoStartup());
		return adapter;
	}

	/**
	 * The gateway of an {@code inbound-gateway} endpoint, sending requests to its
	 * channel.
	 */
	public IpcInboundGateway inboundGateway(String name) {
		EndpointSpecs.Resolved endpoint = this.specs.resolve(name);
		IpcProperties.Endpoint p = endpoint.properties();
		IpcInboundGateway gateway = new IpcInboundGateway(endpoint.transport(), endpoint.spec(), endpoint.converter());
		gateway.setRequestChannelName(p.getChannel());
		if (p.getErrorChannel() != null) {
			gateway.setErrorChannelName(p.getErrorChannel());
		}
		gateway.setAutoStartup(p.isAutoStartup());
		return gateway;
	}

	/**
	 * The handler of an {@code outbound} endpoint; a consumer bean feeds it from the
	 * channel.
	 */
	public IpcOutboundChannelAdapter outboundAdapter(String name) {
		EndpointSpecs.Resolved endpoint = this.specs.resolve(name);
		return new IpcOutboundChannelAdapter(endpoint.transport(), endpoint.spec(), endpoint.converter());
	}

	/**
	 * The handler of an {@code outbound-gateway} endpoint; a consumer bean feeds it from
	 * the channel.
	 */
	public IpcOutboundGateway outboundGateway(String name) {
		EndpointSpecs.Resolved endpoint = this.specs.resolve(name);
		IpcOutboundGateway gateway = new IpcOutboundGateway(endpoint.transport(), endpoint.spec(),
				endpoint.converter());
		if (endpoint.properties().getReplyChannel() != null) {
			gateway.setOutputChannelName(endpoint.properties().getReplyChannel());
		}
		return gateway;
	}

}
