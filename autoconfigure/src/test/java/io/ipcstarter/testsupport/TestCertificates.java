package io.ipcstarter.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * Certificates made for the TLS tests when first needed, once per test JVM, with the
 * JDK's {@code keytool} (run as a process, as a user would) into a temporary directory of
 * PEM files: a test CA and a second, unrelated CA; a server certificate for
 * {@code localhost} / {@code 127.0.0.1} signed by the CA; the same key with a certificate
 * signed by the other CA ({@link #WRONG_CA_SERVER}), and with one that expired days ago
 * ({@link #EXPIRED_SERVER}); a client certificate ({@code CN=client}, no host names)
 * signed by the CA. Private keys are written as unencrypted PKCS#8 PEM by the test
 * (keytool cannot export them).
 */
public final class TestCertificates {

	/** PEM file names in {@link #directory()}. */
	public static final String CA = "ca.crt", OTHER_CA = "other-ca.crt", SERVER = "server.crt",
			SERVER_KEY = "server.key", WRONG_CA_SERVER = "wrong-ca-server.crt", EXPIRED_SERVER = "expired-server.crt",
			CLIENT = "client.crt", CLIENT_KEY = "client.key";

	private static final String PASSWORD = "changeit";

	private static @Nullable Path directory;

	private TestCertificates() {
	}

	/** The directory holding the PEM files, made on the first call. */
	public static synchronized Path directory() {
		if (directory == null) {
			try {
				directory = generate();
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not make the test certificates with keytool", ex);
			}
		}
		return directory;
	}

	/** A PEM file of {@link #directory()}. */
	public static Path file(String name) {
		return directory().resolve(name);
	}

	/** {@code file:} location of a PEM file, as Spring Boot's PEM bundles take it. */
	public static String location(String name) {
		return file(name).toUri().toString();
	}

	/**
	 * An SSL context with this certificate chain and key (both may be {@code null}) and
	 * trusting this CA file ({@code null}: trusting nothing but the JDK's defaults).
	 */
	public static SSLContext context(@Nullable String certificate, @Nullable String key, @Nullable String trusted) {
		PemSslStoreDetails keyStore = (certificate != null)
				? PemSslStoreDetails.forCertificate(location(certificate)).withPrivateKey(location(key)) : null;
		PemSslStoreDetails trustStore = (trusted != null) ? PemSslStoreDetails.forCertificate(location(trusted)) : null;
		return SslBundle.of(new PemSslStoreBundle(keyStore, trustStore)).createSslContext();
	}

	private static Path generate() throws Exception {
		Path dir = Files.createTempDirectory("ipc-tls-");
		dir.toFile().deleteOnExit();
		// the key pairs, in parallel: each keytool run is a JVM start
		await(keytool(dir, "-genkeypair", "-alias", "ca", "-dname", "CN=IPC Test CA", "-ext", "bc:c", "-keystore",
				"ca.p12"),
				keytool(dir, "-genkeypair", "-alias", "ca", "-dname", "CN=Other CA", "-ext", "bc:c", "-keystore",
						"other-ca.p12"),
				keytool(dir, "-genkeypair", "-alias", "server", "-dname", "CN=localhost", "-keystore", "server.p12"),
				keytool(dir, "-genkeypair", "-alias", "client", "-dname", "CN=client", "-keystore", "client.p12"));
		await(keytool(dir, "-certreq", "-alias", "server", "-keystore", "server.p12", "-file", "server.csr"),
				keytool(dir, "-certreq", "-alias", "client", "-keystore", "client.p12", "-file", "client.csr"));
		String hosts = "SAN=dns:localhost,ip:127.0.0.1";
		await(keytool(dir, "-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", "server.csr", "-outfile",
				"server.leaf", "-rfc", "-ext", hosts),
				keytool(dir, "-gencert", "-alias", "ca", "-keystore", "other-ca.p12", "-infile", "server.csr",
						"-outfile", "wrong-ca-server.leaf", "-rfc", "-ext", hosts),
				keytool(dir, "-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", "server.csr", "-outfile",
						"expired-server.leaf", "-rfc", "-ext", hosts, "-startdate", "-10d", "-validity", "1"),
				keytool(dir, "-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", "client.csr", "-outfile",
						"client.leaf", "-rfc"));
		String ca = pem("CERTIFICATE", load(dir, "ca.p12").getCertificate("ca").getEncoded());
		String otherCa = pem("CERTIFICATE", load(dir, "other-ca.p12").getCertificate("ca").getEncoded());
		write(dir, CA, ca);
		write(dir, OTHER_CA, otherCa);
		write(dir, SERVER, read(dir, "server.leaf") + ca);
		write(dir, WRONG_CA_SERVER, read(dir, "wrong-ca-server.leaf") + otherCa);
		write(dir, EXPIRED_SERVER, read(dir, "expired-server.leaf") + ca);
		write(dir, CLIENT, read(dir, "client.leaf") + ca);
		write(dir, SERVER_KEY, pem("PRIVATE KEY", privateKey(dir, "server.p12", "server").getEncoded()));
		write(dir, CLIENT_KEY, pem("PRIVATE KEY", privateKey(dir, "client.p12", "client").getEncoded()));
		try (var files = Files.list(dir)) {
			files.forEach((file) -> file.toFile().deleteOnExit());
		}
		return dir;
	}

	private static CompletableFuture<Void> keytool(Path dir, String... args) {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
						"-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
		command.addAll(List.of(args));
		if (args[0].equals("-genkeypair")) {
			command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30"));
		}
		else if (args[0].equals("-gencert") && !List.of(args).contains("-validity")) {
			command.addAll(List.of("-validity", "30"));
		}
		command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"));
		return CompletableFuture.runAsync(() -> {
			try {
				Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
				String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
					throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		});
	}

	private static void await(CompletableFuture<?>... steps) {
		CompletableFuture.allOf(steps).join();
	}

	private static KeyStore load(Path dir, String file) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(dir.resolve(file))) {
			store.load(in, PASSWORD.toCharArray());
		}
		return store;
	}

	private static Key privateKey(Path dir, String file, String alias) throws Exception {
		return load(dir, file).getKey(alias, PASSWORD.toCharArray());
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	private static String read(Path dir, String file) throws IOException {
		String text = Files.readString(dir.resolve(file));
		return text.endsWith("\n") ? text : text + "\n";
	}

	private static void write(Path dir, String file, String text) throws IOException {
		Files.writeString(dir.resolve(file), text);
	}

}
