package io.ipcstarter.transport.com;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.platform.win32.Guid;
import com.sun.jna.platform.win32.Ole32;
import com.sun.jna.platform.win32.User32;
import com.sun.jna.platform.win32.WTypes;
import com.sun.jna.platform.win32.WinUser;
import com.sun.jna.platform.win32.COM.Dispatch;
import com.sun.jna.platform.win32.COM.IDispatch;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import io.ipcstarter.nativeapi.windows.ComAutomation;

/**
 * The second process of the running-object test (a separate Windows JVM, under Wine
 * here): makes a {@code Scripting.Dictionary}, puts {@code owner = peer} in it, registers
 * it as the running object of its class ({@code RegisterActiveObject}, strong), prints
 * {@code PEER:ready} and pumps window messages for {@code args[0]} seconds, as a
 * single-threaded apartment that serves other processes must.
 */
public final class RunningObjectPeerMain {

	private RunningObjectPeerMain() {
	}

	public static void main(String[] args) throws Exception {
		Ole32.INSTANCE.CoInitializeEx(null, Ole32.COINIT_APARTMENTTHREADED);
		Guid.CLSID.ByReference clsid = new Guid.CLSID.ByReference();
		check(Ole32.INSTANCE.CLSIDFromProgID("Scripting.Dictionary", clsid).intValue(), "CLSIDFromProgID");
		PointerByReference object = new PointerByReference();
		check(Ole32.INSTANCE.CoCreateInstance(clsid, null, WTypes.CLSCTX_SERVER, IDispatch.IID_IDISPATCH, object)
			.intValue(), "CoCreateInstance");
		ComAutomation.invoke(new Dispatch(object.getValue()), "Add", ComAutomation.DISPATCH_METHOD,
				java.util.List.of("owner", "peer"));
		Function register = NativeLibrary.getInstance("oleaut32").getFunction("RegisterActiveObject");
		IntByReference cookie = new IntByReference();
		int hr = register.invokeInt(new Object[] { object.getValue(), clsid.getPointer(),
				0 /* ACTIVEOBJECT_STRONG */, cookie });
		check(hr, "RegisterActiveObject");
		System.out.println("PEER:ready " + String.format("0x%08X", hr));
		long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
		WinUser.MSG message = new WinUser.MSG();
		while (System.nanoTime() < end) {
			while (User32.INSTANCE.PeekMessage(message, null, 0, 0, 1 /* PM_REMOVE */)) {
				User32.INSTANCE.TranslateMessage(message);
				User32.INSTANCE.DispatchMessage(message);
			}
			Thread.sleep(5);
		}
	}

	private static void check(int hr, String what) {
		if (hr < 0) {
			throw new IllegalStateException(what + " failed: " + String.format("0x%08X", hr));
		}
	}

}
