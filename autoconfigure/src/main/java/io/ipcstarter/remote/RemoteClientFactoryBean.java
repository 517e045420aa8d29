package io.ipcstarter.remote;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.util.Assert;

/**
 * Makes the calling side of a remote: a proxy of the interface whose every call travels
 * as a call envelope over the channel of an {@code outbound-gateway} endpoint. Values go
 * through the application's {@link JsonMapper} bean when it has exactly one, else
 * Jackson's default mapper.
 *
 * @param <T> the remote interface
 */
public class RemoteClientFactoryBean<T> implements FactoryBean<T>, BeanFactoryAware, InitializingBean, DisposableBean {

	private final Class<T> type;

	private final String remote;

	private final String channel;

	private final Duration timeout;

	private @Nullable BeanFactory beanFactory;

	private @Nullable RemoteCallGateway gateway;

	private @Nullable T proxy;

	/**
	 * @param type the remote interface
	 * @param remote the remote's name, for reports
	 * @param channel the request channel of the {@code outbound-gateway} endpoint
	 * @param timeout how long a call may take at most from the caller's side (the
	 * endpoint's send and reply timeouts), in case the channel hands the call to another
	 * thread
	 */
	public RemoteClientFactoryBean(Class<T> type, String remote, String channel, Duration timeout) {
		this.type = type;
		this.remote = remote;
		this.channel = channel;
		this.timeout = timeout;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterPropertiesSet() {
		Assert.state(this.beanFactory != null, "No BeanFactory");
		JsonMapper mapper = this.beanFactory.getBeanProvider(JsonMapper.class).getIfUnique(JsonMapper::shared);
		RemoteInterface api = RemoteInterface.describe(this.remote, this.type, mapper.getTypeFactory());
		RemoteCallGateway created = new RemoteCallGateway();
		created.setBeanFactory(this.beanFactory);
		created.setBeanName("ipc.remote." + this.remote + ".gateway");
		created.setRequestChannelName(this.channel);
		created.setRequestTimeout(this.timeout.toMillis());
		created.setReplyTimeout(this.timeout.toMillis());
		created.setErrorOnTimeout(true);
		created.afterPropertiesSet();
		created.start();
		this.gateway = created;
		this.proxy = this.type
			.cast(new RemoteInvocationHandler(this.remote, api, new RemoteCodec(mapper), created).proxy());
	}

	@Override
	public T getObject() {
		Assert.state(this.proxy != null, "Not initialized");
		return this.proxy;
	}

	@Override
	public Class<?> getObjectType() {
		return this.type;
	}

	@Override
	public void destroy() {
		if (this.gateway != null) {
			this.gateway.stop();
		}
	}

}
