package io.ipcstarter.nativeapi.windows;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Platform;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Guid;
import com.sun.jna.platform.win32.OaIdl;
import com.sun.jna.platform.win32.OleAuto;
import com.sun.jna.platform.win32.Ole32;
import com.sun.jna.platform.win32.Variant;
import com.sun.jna.platform.win32.Variant.VARIANT;
import com.sun.jna.platform.win32.WTypes;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinNT.HRESULT;
import com.sun.jna.platform.win32.COM.COMUtils;
import com.sun.jna.platform.win32.COM.Dispatch;
import com.sun.jna.platform.win32.COM.IDispatch;
import com.sun.jna.platform.win32.COM.Unknown;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import org.jspecify.annotations.Nullable;

/**
 * Late-bound OLE automation through {@code IDispatch}: make or find an object by ProgID
 * or CLSID, call one of its members by name with plain Java values, and get the result
 * back as plain Java values, every VARIANT and BSTR freed before the call returns.
 * jna-platform declares the functions and structures; this class holds what every caller
 * needs on top (argument order, the property-put named argument, EXCEPINFO text, result
 * conversion). Every method must run on a thread that initialised COM (an STA).
 */
public final class ComAutomation {

	public static final int DISPATCH_METHOD = 1;

	public static final int DISPATCH_PROPERTYGET = 2;

	public static final int DISPATCH_PROPERTYPUT = 4;

	/** {@code GetActiveObject}: no object of that class is registered as running. */
	public static final int MK_E_UNAVAILABLE = 0x800401E3;

	/** {@code CLSIDFromProgID}: the ProgID is not registered. */
	public static final int CO_E_CLASSSTRING = 0x800401F3;

	/** {@code CoCreateInstance}: the class is not registered. */
	public static final int REGDB_E_CLASSNOTREG = 0x80040154;

	/** {@code GetIDsOfNames}: the object has no member of that name. */
	public static final int DISP_E_UNKNOWNNAME = 0x80020006;

	private static final int DISP_E_EXCEPTION = 0x80020009;

	private ComAutomation() {
	}

	/** A failed automation call: the HRESULT and, for a server's exception, its text. */
	public static final class ComFailure extends RuntimeException {

		private final int hresult;

		private final boolean serverException;

		ComFailure(String message, int hresult, boolean serverException) {
			super(message);
			this.hresult = hresult;
			this.serverException = serverException;
		}

		public int hresult() {
			return this.hresult;
		}

		/** Whether the server itself raised it (EXCEPINFO), rather than COM. */
		public boolean isServerException() {
			return this.serverException;
		}

	}

	/**
	 * The {@code IDispatch} of a new object ({@code CoCreateInstance}, in-process or
	 * out-of-process) or, with {@code running}, of the running object registered for that
	 * class ({@code GetActiveObject}). Release it with {@link #release}.
	 * @param progIdOrClsid {@code Scripting.Dictionary} or
	 * {@code {EE09B103-97E0-11CF-978F-00A02463E06F}}
	 */
	public static Dispatch create(String progIdOrClsid, boolean running) {
		check();
		Guid.CLSID.ByReference clsid = new Guid.CLSID.ByReference();
		HRESULT hr = progIdOrClsid.startsWith("{") ? Ole32.INSTANCE.CLSIDFromString(progIdOrClsid, clsid)
				: Ole32.INSTANCE.CLSIDFromProgID(progIdOrClsid, clsid);
		if (COMUtils.FAILED(hr)) {
			throw failure("'" + progIdOrClsid + "' is not a registered ProgID or CLSID", hr);
		}
		PointerByReference dispatch = new PointerByReference();
		if (running) {
			PointerByReference unknown = new PointerByReference();
			hr = OleAuto.INSTANCE.GetActiveObject(clsid, null, unknown);
			if (COMUtils.FAILED(hr)) {
				throw failure("no running object of " + progIdOrClsid + " (GetActiveObject)", hr);
			}
			Unknown object = new Unknown(unknown.getValue());
			try {
				hr = object.QueryInterface(new Guid.REFIID(IDispatch.IID_IDISPATCH), dispatch);
			}
			finally {
				object.Release();
			}
			if (COMUtils.FAILED(hr)) {
				throw failure("the running object of " + progIdOrClsid + " has no IDispatch", hr);
			}
		}
		else {
			hr = Ole32.INSTANCE.CoCreateInstance(clsid, null, WTypes.CLSCTX_SERVER, IDispatch.IID_IDISPATCH, dispatch);
			if (COMUtils.FAILED(hr)) {
				throw failure("cannot create " + progIdOrClsid + " (CoCreateInstance)", hr);
			}
		}
		return new Dispatch(dispatch.getValue());
	}

	public static void release(Dispatch dispatch) {
		dispatch.Release();
	}

	/**
	 * Call a member by name. Arguments are {@code null}, {@link Boolean},
	 * {@link Integer}, {@link Long}, {@link Double} or {@link String}; the result is
	 * {@code null}, {@link Boolean}, {@link Long}, {@link Double}, {@link BigDecimal}
	 * (currency), {@link String} (text, or a date as ISO-8601 local date-time) or a
	 * {@link List} of those (a one-dimensional SAFEARRAY).
	 * @param kind {@link #DISPATCH_METHOD}, {@link #DISPATCH_PROPERTYGET} or
	 * {@link #DISPATCH_PROPERTYPUT}; for a put the last argument is the value
	 * @throws ComFailure when the member is unknown, the arguments do not fit, the server
	 * raised an exception, or the result has no plain form (an object)
	 */
	public static @Nullable Object invoke(Dispatch dispatch, String member, int kind, List<?> args) {
		OaIdl.DISPIDByReference id = new OaIdl.DISPIDByReference();
		HRESULT hr = dispatch.GetIDsOfNames(new Guid.REFIID(Guid.IID_NULL), new WString[] { new WString(member) }, 1,
				new WinDef.LCID(0), id);
		if (COMUtils.FAILED(hr)) {
			throw failure("the object has no member '" + member + "'", hr);
		}
		// IDispatch takes arguments last first
		VARIANT[] reversed = new VARIANT[args.size()];
		try {
			for (int i = 0; i < args.size(); i++) {
				reversed[args.size() - 1 - i] = toVariant(args.get(i));
			}
			OleAuto.DISPPARAMS.ByReference params = new OleAuto.DISPPARAMS.ByReference();
			if (kind == DISPATCH_PROPERTYPUT) {
				params.setRgdispidNamedArgs(new OaIdl.DISPID[] { OaIdl.DISPID_PROPERTYPUT });
			}
			if (reversed.length > 0) {
				params.setArgs(reversed);
			}
			params.write();
			VARIANT.ByReference result = new VARIANT.ByReference();
			OaIdl.EXCEPINFO.ByReference exception = new OaIdl.EXCEPINFO.ByReference();
			IntByReference argumentError = new IntByReference();
			hr = dispatch.Invoke(id.getValue(), new Guid.REFIID(Guid.IID_NULL), new WinDef.LCID(0),
					new WinDef.WORD(kind), params, result, exception, argumentError);
			if (hr.intValue() == DISP_E_EXCEPTION) {
				throw serverException(member, exception);
			}
			if (COMUtils.FAILED(hr)) {
				throw failure("calling '" + member + "' failed" + (isArgumentError(hr)
						? " at argument " + (args.size() - argumentError.getValue()) + " (counted from 1)" : ""), hr);
			}
			try {
				return toJava(result, member);
			}
			finally {
				OleAuto.INSTANCE.VariantClear(result);
			}
		}
		finally {
			for (VARIANT v : reversed) {
				if (v != null) {
					// frees the BSTRs made for arguments
					OleAuto.INSTANCE.VariantClear(v);
				}
			}
		}
	}

	private static boolean isArgumentError(HRESULT hr) {
		int code = hr.intValue();
		return code == 0x80020005
				/* DISP_E_TYPEMISMATCH */ || code == 0x80020004 /* DISP_E_PARAMNOTFOUND */;
	}

	private static ComFailure serverException(String member, OaIdl.EXCEPINFO exception) {
		// a server may leave the text to a function it names (pfnDeferredFillIn): call it
		com.sun.jna.Pointer fill = exception.getPointer().getPointer((com.sun.jna.Native.POINTER_SIZE == 8) ? 48 : 28);
		if (fill != null) {
			com.sun.jna.Function.getFunction(fill, com.sun.jna.Function.ALT_CONVENTION)
				.invokeInt(new Object[] { exception.getPointer() });
			exception.read();
		}
		String description = text(exception.bstrDescription);
		String source = text(exception.bstrSource);
		int scode = (exception.scode != null) ? exception.scode.intValue() : 0;
		int code = (scode != 0) ? scode : ((exception.wCode != null) ? exception.wCode.intValue() : 0);
		free(exception.bstrDescription);
		free(exception.bstrSource);
		free(exception.bstrHelpFile);
		String message = ((description != null && !description.isBlank()) ? description.trim()
				: "the server raised an exception in '" + member + "' without a description (code "
						+ String.format("0x%08X", code) + ")")
				+ ((source != null && !source.isBlank()) ? " (source: " + source.trim() + ")" : "");
		return new ComFailure(message, code, true);
	}

	private static @Nullable String text(WTypes.@Nullable BSTR bstr) {
		return (bstr != null && bstr.getPointer() != null) ? bstr.getValue() : null;
	}

	private static void free(WTypes.@Nullable BSTR bstr) {
		if (bstr != null && bstr.getPointer() != null) {
			OleAuto.INSTANCE.SysFreeString(bstr);
		}
	}

	private static VARIANT toVariant(@Nullable Object value) {
		if (value == null) {
			VARIANT v = new VARIANT();
			v.setVarType((short) Variant.VT_NULL);
			return v;
		}
		if (value instanceof Boolean b) {
			return new VARIANT(b.booleanValue());
		}
		if (value instanceof Integer i) {
			return new VARIANT(i.intValue());
		}
		if (value instanceof Long l) {
			// VT_I4 where it fits: many automation servers (and VBScript) know no VT_I8
			return (l == l.intValue()) ? new VARIANT(l.intValue()) : new VARIANT(l.doubleValue());
		}
		if (value instanceof Number n) {
			return new VARIANT(n.doubleValue());
		}
		if (value instanceof String s) {
			return new VARIANT(s); // a BSTR, freed by VariantClear after the call
		}
		throw new IllegalArgumentException("no automation form for " + value.getClass().getSimpleName());
	}

	private static @Nullable Object toJava(VARIANT value, String member) {
		int vt = value.getVarType().intValue();
		if ((vt & Variant.VT_ARRAY) != 0) {
			return array(value, member);
		}
		return switch (vt) {
			case Variant.VT_EMPTY, Variant.VT_NULL -> null;
			case Variant.VT_BOOL -> value.booleanValue();
			case Variant.VT_I1, Variant.VT_UI1, Variant.VT_I2, Variant.VT_UI2, Variant.VT_I4, Variant.VT_INT ->
				(long) value.intValue();
			case Variant.VT_UI4, Variant.VT_UINT -> Integer.toUnsignedLong(value.intValue());
			case Variant.VT_I8, Variant.VT_UI8 -> value.longValue();
			case Variant.VT_R4, Variant.VT_R8 -> value.doubleValue();
			// the union starts 8 bytes into a VARIANT: a CY is an int64 of 1/10000ths, a
			// DATE a double
			case Variant.VT_CY -> BigDecimal.valueOf(value.getPointer().getLong(8), 4);
			case Variant.VT_DATE -> date(value.getPointer().getDouble(8));
			case Variant.VT_BSTR -> value.stringValue();
			case Variant.VT_DISPATCH,
					Variant.VT_UNKNOWN ->
				throw new ComFailure("the result of '" + member
						+ "' is an object, which has no JSON form; call one of its members instead", 0, false);
			default -> throw new ComFailure(
					"the result of '" + member + "' is of VARIANT type " + vt + ", which has no JSON form here", 0,
					false);
		};
	}

	/** An OLE date: days since 1899-12-30, the fraction the time of day, local time. */
	private static String date(double oleDate) {
		long millis = Math.round(oleDate * 86_400_000d);
		return java.time.LocalDateTime.of(1899, 12, 30, 0, 0).plusNanos(millis * 1_000_000L).toString();
	}

	/**
	 * A one-dimensional SAFEARRAY of VARIANTs or BSTRs, read from its descriptor
	 * (jna-platform's {@code SAFEARRAY} structure failed to read the one
	 * {@code Dictionary.Items} returns under Wine). Layout: {@code USHORT cDims},
	 * {@code USHORT fFeatures}, {@code ULONG cbElements}, {@code ULONG cLocks},
	 * {@code PVOID pvData}, then per dimension {@code ULONG cElements},
	 * {@code LONG lLbound}. The array is the result's own and is freed with it.
	 */
	private static List<@Nullable Object> array(VARIANT value, String member) {
		int elementType = value.getVarType().intValue() & ~Variant.VT_ARRAY;
		if ((elementType & Variant.VT_BYREF) != 0) {
			throw new ComFailure("the result of '" + member + "' is an array by reference, which is not carried", 0,
					false);
		}
		// parray after the 8-byte header
		com.sun.jna.Pointer descriptor = value.getPointer().getPointer(8);
		if (descriptor == null) {
			return List.of();
		}
		int dims = descriptor.getShort(0) & 0xFFFF;
		if (dims != 1) {
			throw new ComFailure(
					"the result of '" + member + "' is an array of " + dims + " dimensions; only one is carried", 0,
					false);
		}
		int elementSize = descriptor.getInt(4);
		// after cLocks, aligned
		int dataOffset = (com.sun.jna.Native.POINTER_SIZE == 8) ? 16 : 12;
		com.sun.jna.Pointer data = descriptor.getPointer(dataOffset);
		int count = descriptor.getInt(dataOffset + com.sun.jna.Native.POINTER_SIZE);
		List<@Nullable Object> list = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			long offset = (long) i * elementSize;
			switch (elementType) {
				case Variant.VT_VARIANT -> list.add(toJava(new VARIANT(data.share(offset)), member));
				case Variant.VT_BSTR -> {
					com.sun.jna.Pointer bstr = data.getPointer(offset);
					list.add((bstr != null) ? bstr.getWideString(0) : null);
				}
				case Variant.VT_I4, Variant.VT_INT -> list.add((long) data.getInt(offset));
				case Variant.VT_R8 -> list.add(data.getDouble(offset));
				case Variant.VT_BOOL -> list.add(data.getShort(offset) != 0);
				default -> throw new ComFailure("the result of '" + member + "' is an array of VARIANT type "
						+ elementType + ", which is not carried", 0, false);
			}
		}
		return list;
	}

	private static ComFailure failure(String what, HRESULT hr) {
		int code = hr.intValue();
		return new ComFailure(what + ": " + describe(code), code, false);
	}

	/**
	 * An HRESULT as {@code 0x800401E3} with the system's text for it where there is one.
	 */
	public static String describe(int hresult) {
		String text;
		try {
			text = com.sun.jna.platform.win32.Kernel32Util.formatMessage(new HRESULT(hresult));
		}
		catch (RuntimeException ex) {
			text = null;
		}
		String hex = String.format("0x%08X", hresult);
		return (text == null || text.isBlank()) ? hex : text.trim() + " (" + hex + ")";
	}

	private static void check() {
		if (!Platform.isWindows()) {
			throw new UnsupportedOperationException("COM automation exists only on Windows");
		}
	}

}
