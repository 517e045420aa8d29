/**
 * Tests of the header block carried inside a frame.
 */
package io.ipcstarter.codec;
