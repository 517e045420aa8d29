package io.ipcstarter.autoconfigure;

import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.ConsumerEndpointFactoryBean;

import io.ipcstarter.integration.IpcInboundChannelAdapter;
import io.ipcstarter.integration.IpcInboundGateway;
import io.ipcstarter.integration.IpcOutboundChannelAdapter;
import io.ipcstarter.integration.IpcOutboundGateway;
import io.ipcstarter.integration.PayloadConverter;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcTransport;

/**
 * Turns each endpoint under {@code ipc.endpoints} into Spring Integration beans before any bean is created, so a
 * mistake stops start-up at once:
 * <ul>
 * <li>{@code ipc.<name>}: the lifecycle bean: the inbound adapter or gateway itself, or for outbound roles the
 * consumer endpoint that feeds the handler from the channel;</li>
 * <li>{@code ipc.<name>.handler}: the outbound adapter or gateway (outbound roles);</li>
 * <li>the channel, as a {@link DirectChannel}, when no bean has its name yet, so two endpoints naming one channel
 * form a bridge without code.</li>
 * </ul>
 */
public class IpcEndpointRegistrar implements BeanDefinitionRegistryPostProcessor {

	/** Prefix of the bean names of configured endpoints. */
	public static final String BEAN_PREFIX = "ipc.";

	private static final ConfigurationPropertyName ENDPOINTS = ConfigurationPropertyName.of("ipc.endpoints");

	private final Environment environment;

	public IpcEndpointRegistrar(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		Binder binder = Binder.get(this.environment);
		IpcProperties properties = binder.bind("ipc", IpcProperties.class).orElseGet(IpcProperties::new);
		for (String name : properties.getEndpoints().keySet()) {
			register(registry, EndpointSpecs.resolve(name, bindWithDefaults(binder, name)));
		}
	}

	/** The endpoint's properties laid over a fresh copy of {@code ipc.defaults}. */
	private static IpcProperties.Endpoint bindWithDefaults(Binder binder, String name) {
		IpcProperties.Endpoint endpoint = binder.bind("ipc.defaults", IpcProperties.Endpoint.class)
			.orElseGet(IpcProperties.Endpoint::new);
		binder.bind(ENDPOINTS.append(name), Bindable.ofInstance(endpoint));
		return endpoint;
	}

	private void register(BeanDefinitionRegistry registry, EndpointSpecs.Resolved endpoint) {
		IpcProperties.Endpoint p = endpoint.properties();
		EndpointSpec spec = ConnectionExecutors.withConnectionExecutor(endpoint.spec(), this.environment); // issue 19
		IpcTransport transport = endpoint.transport();
		PayloadConverter converter = new PayloadConverter(p.getPayloadType(), p.getCharset(), p.getHeaders());
		String name = BEAN_PREFIX + spec.name();
		registerChannelIfMissing(registry, p.getChannel());
		switch (spec.role()) {
			case INBOUND -> registry.registerBeanDefinition(name, definition(IpcInboundChannelAdapter.class, () -> {
				IpcInboundChannelAdapter adapter = new IpcInboundChannelAdapter(transport, spec, converter);
				adapter.setOutputChannelName(p.getChannel());
				if (p.getErrorChannel() != null) {
					adapter.setErrorChannelName(p.getErrorChannel());
				}
				adapter.setAutoStartup(p.isAutoStartup());
				return adapter;
			}));
			case INBOUND_GATEWAY -> registry.registerBeanDefinition(name, definition(IpcInboundGateway.class, () -> {
				IpcInboundGateway gateway = new IpcInboundGateway(transport, spec, converter);
				gateway.setRequestChannelName(p.getChannel());
				if (p.getErrorChannel() != null) {
					gateway.setErrorChannelName(p.getErrorChannel());
				}
				gateway.setAutoStartup(p.isAutoStartup());
				return gateway;
			}));
			case OUTBOUND -> registerConsumer(registry, name, p,
					definition(IpcOutboundChannelAdapter.class,
							() -> new IpcOutboundChannelAdapter(transport, spec, converter)));
			case OUTBOUND_GATEWAY -> registerConsumer(registry, name, p, definition(IpcOutboundGateway.class, () -> {
				IpcOutboundGateway gateway = new IpcOutboundGateway(transport, spec, converter);
				if (p.getReplyChannel() != null) {
					gateway.setOutputChannelName(p.getReplyChannel());
				}
				return gateway;
			}));
		}
	}

	private static void registerConsumer(BeanDefinitionRegistry registry, String name, IpcProperties.Endpoint p,
			RootBeanDefinition handler) {
		String handlerName = name + ".handler";
		registry.registerBeanDefinition(handlerName, handler);
		RootBeanDefinition consumer = new RootBeanDefinition(ConsumerEndpointFactoryBean.class);
		consumer.getPropertyValues()
			.add("inputChannelName", p.getChannel())
			.add("handler", new RuntimeBeanReference(handlerName))
			.add("autoStartup", p.isAutoStartup());
		registry.registerBeanDefinition(name, consumer);
	}

	private static void registerChannelIfMissing(BeanDefinitionRegistry registry, String channel) {
		if (!registry.containsBeanDefinition(channel)) {
			registry.registerBeanDefinition(channel, new RootBeanDefinition(DirectChannel.class));
		}
	}

	private static <T> RootBeanDefinition definition(Class<T> type, java.util.function.Supplier<T> supplier) {
		return new RootBeanDefinition(type, supplier);
	}

}
