package io.ipcstarter.remote;

import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.Assert;

import io.ipcstarter.integration.IpcEndpoint;

/**
 * Makes the serving side of a remote: the {@link RemoteServiceHandler} that calls the
 * service bean for each call an {@code inbound-gateway} endpoint receives. The service is
 * the bean named by {@code ipc.remote.<name>.service}, else the one bean implementing the
 * interface (other remotes' proxies left out).
 */
public class RemoteServiceFactoryBean implements FactoryBean<RemoteServiceHandler>, BeanFactoryAware {

	/** Prefix of the bean names of remotes. */
	public static final String BEAN_PREFIX = "ipc.remote.";

	private final Class<?> type;

	private final String remote;

	private final String endpoint;

	private final @Nullable String service;

	private @Nullable BeanFactory beanFactory;

	private @Nullable RemoteServiceHandler handler;

	/**
	 * @param type the remote interface
	 * @param remote the remote's name
	 * @param endpoint the name of the {@code inbound-gateway} endpoint the calls come
	 * through
	 * @param service the service bean's name, or {@code null} for the one bean of the
	 * interface's type
	 */
	public RemoteServiceFactoryBean(Class<?> type, String remote, String endpoint, @Nullable String service) {
		this.type = type;
		this.remote = remote;
		this.endpoint = endpoint;
		this.service = service;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public synchronized RemoteServiceHandler getObject() {
		if (this.handler == null) {
			this.handler = create();
		}
		return this.handler;
	}

	private RemoteServiceHandler create() {
		BeanFactory beans = this.beanFactory;
		Assert.state(beans != null, "No BeanFactory");
		JsonMapper mapper = beans.getBeanProvider(JsonMapper.class).getIfUnique(JsonMapper::shared);
		RemoteInterface api = RemoteInterface.describe(this.remote, this.type, mapper.getTypeFactory());
		IpcEndpoint gateway = beans.getBean(IpcEndpoint.BEAN_PREFIX + this.endpoint, IpcEndpoint.class);
		RemoteServiceHandler created = new RemoteServiceHandler(this.remote, api, service(beans),
				new RemoteCodec(mapper), gateway);
		created.setBeanFactory(beans);
		created.setBeanName(BEAN_PREFIX + this.remote + ".handler");
		created.afterPropertiesSet();
		return created;
	}

	private Object service(BeanFactory beans) {
		if (this.service != null) {
			if (!beans.containsBean(this.service) || !beans.isTypeMatch(this.service, this.type)) {
				throw new InvalidRemoteException(this.remote, "service",
						"no bean '" + this.service + "' implementing " + this.type.getName(),
						"Name a bean that implements " + this.type.getSimpleName(), null);
			}
			return beans.getBean(this.service);
		}
		Assert.state(beans instanceof ListableBeanFactory, "Needs a ListableBeanFactory");
		List<String> candidates = Arrays
			.stream(BeanFactoryUtils.beanNamesForTypeIncludingAncestors((ListableBeanFactory) beans, this.type))
			.filter((name) -> !name.startsWith(BEAN_PREFIX))
			.toList();
		if (candidates.size() != 1) {
			throw new InvalidRemoteException(this.remote, "service",
					(candidates.isEmpty() ? "no bean implements " : "several beans implement ") + this.type.getName()
							+ (candidates.isEmpty() ? "" : ": " + candidates),
					"Declare one bean that implements " + this.type.getSimpleName()
							+ ", or name the one to serve with this property",
					null);
		}
		return beans.getBean(candidates.get(0));
	}

	@Override
	public Class<?> getObjectType() {
		return RemoteServiceHandler.class;
	}

}
