/**
 * Test helpers shared by the tests, one per concern:
 * {@link io.ipcstarter.testsupport.PeerProcess} for peers in other processes,
 * {@link io.ipcstarter.testsupport.RecordingListener} for what a server reports,
 * {@link io.ipcstarter.testsupport.IpcContextRunners} for application contexts, and
 * conditions such as {@link io.ipcstarter.testsupport.WindowsTest}.
 */
package io.ipcstarter.testsupport;
