/**
 * Tests of the stream framings.
 */
package io.ipcstarter.codec;
