/**
 * Test helpers shared by the transport tests: conditions such as {@link io.ipcstarter.testsupport.WindowsTest}.
 */
package io.ipcstarter.testsupport;
