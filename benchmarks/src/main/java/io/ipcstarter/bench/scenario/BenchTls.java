package io.ipcstarter.bench.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Key material of the TLS rows: one self-signed certificate for {@code 127.0.0.1} in a
 * PKCS#12 store that serves as key store and trust store on both sides. Made with the
 * JDK's {@code keytool} by the first child JVM that needs it, in an owner-only directory
 * under the temporary directory (a file lock keeps the sender and the receiver, which
 * start at once, from making two), and made again when a day old. A benchmark key: it
 * guards nothing.
 */
public final class BenchTls {

	/** Name of the SSL bundle the starter rows declare. */
	public static final String BUNDLE = "bench";

	private static final String PASSWORD = "benchmark";

	private BenchTls() {
	}

	/** The store, made when missing or stale. */
	public static synchronized Path keystore() {
		try {
			Path dir = Path.of(System.getProperty("java.io.tmpdir"),
					"ipc-bench-tls-" + System.getProperty("user.name"));
			if (!Files.isDirectory(dir)) {
				Files.createDirectories(dir,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
			Path store = dir.resolve("bench.p12");
			try (FileChannel lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
				if (!Files.exists(store) || Files.getLastModifiedTime(store)
					.toInstant()
					.isBefore(Instant.now().minus(Duration.ofDays(1)))) {
					Path made = dir.resolve("bench.p12.new");
					Files.deleteIfExists(made);
					Process keytool = new ProcessBuilder(
							Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
							"-alias", "bench", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
							"-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30", "-storetype", "PKCS12",
							"-keystore", made.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt")
						.redirectErrorStream(true)
						.start();
					String output = new String(keytool.getInputStream().readAllBytes());
					if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
						throw new IllegalStateException("keytool failed: " + output);
					}
					Files.move(made, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				}
			}
			return store;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot make the benchmark's TLS key", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** An SSL context with the key, trusting the certificate: for the SPI rows. */
	public static SSLContext sslContext() {
		try (InputStream in = Files.newInputStream(keystore())) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, PASSWORD.toCharArray());
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(store, PASSWORD.toCharArray());
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(store);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
			return context;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot load the benchmark's TLS key", ex);
		}
	}

	/**
	 * Spring Boot's SSL bundle {@value #BUNDLE} over the store, as a user declares one:
	 * for the starter rows.
	 */
	public static Map<String, String> bundleProperties() {
		String location = keystore().toUri().toString();
		String prefix = "spring.ssl.bundle.jks." + BUNDLE;
		return Map.of(prefix + ".keystore.location", location, prefix + ".keystore.password", PASSWORD,
				prefix + ".keystore.type", "PKCS12", prefix + ".truststore.location", location,
				prefix + ".truststore.password", PASSWORD, prefix + ".truststore.type", "PKCS12");
	}

	/** The store's location and password for Spring Integration's SSL support. */
	public static String location() {
		return keystore().toUri().toString();
	}

	public static String password() {
		return PASSWORD;
	}

}
