/**
 * The Spring Boot apps of the full-starter rows and of the Spring Integration TCP peer
 * rows. Each is configured without component scanning, so the apps in this package cannot
 * pick up each other's beans.
 */
package io.ipcstarter.bench.spring;
