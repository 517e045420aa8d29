/**
 * The transport contract suite:
 * {@link io.ipcstarter.transport.contract.IpcTransportContractTests} states what every
 * transport promises at the SPI level; each transport passes it with a thin subclass.
 */
package io.ipcstarter.transport.contract;
