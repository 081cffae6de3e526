package io.jrun.sys;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;

/**
 * jffi, the invocation layer jnr-ffi itself is built on, used directly: a function's address
 * from the C library and a call context per signature, then {@code Invoker.invokeN*} with
 * {@code long}s. Nothing is generated at run time (jnr-ffi's loader writes a class with ASM for
 * every interface it binds, tens of milliseconds per JVM start), the AOT cache holds all of it,
 * and a call with {@code long}s allocates nothing, which the container child needs.
 *
 * <p>Every parameter is passed as a 64-bit integer: on x86_64 and aarch64 an {@code int}
 * parameter is the low half of its register, so the callee sees the same value. Return types
 * are declared exactly (an {@code int} result leaves the upper half of the register undefined).
 */
final class Jffi {
    private Jffi() {}

    static final Invoker INVOKER = Invoker.getInstance();
    static final MemoryIO MEMORY = MemoryIO.getInstance();
    static final LastError LAST_ERROR = LastError.getInstance();

    private static final Library LIBC = Library.getCachedInstance("libc.so.6", Library.LAZY | Library.GLOBAL);

    /** The address of libc's {@code name}. */
    static long symbol(String name) {
        if (LIBC == null) {
            throw new UnsatisfiedLinkError("cannot load libc.so.6: " + Library.getLastError());
        }
        long address = LIBC.getSymbolAddress(name);
        if (address == 0) {
            throw new UnsatisfiedLinkError("libc has no " + name + ": " + Library.getLastError());
        }
        return address;
    }

    private static final int MAX_PARAMS = 6;
    private static final CallContext[] INT = contexts(Type.SINT32);
    private static final CallContext[] LONG = contexts(Type.SINT64);

    private static CallContext[] contexts(Type result) {
        CallContext[] contexts = new CallContext[MAX_PARAMS + 1];
        for (int n = 0; n <= MAX_PARAMS; n++) {
            Type[] params = new Type[n];
            java.util.Arrays.fill(params, Type.SINT64);
            // saveErrno: jffi keeps the call's errno per thread, read with LAST_ERROR
            contexts[n] = CallContext.getCallContext(result, params, CallingConvention.DEFAULT, true);
        }
        return contexts;
    }

    /** The context of a function of {@code params} integer parameters that returns an int. */
    static CallContext returningInt(int params) {
        return INT[params];
    }

    /** The context of a function of {@code params} integer parameters that returns a long or a pointer. */
    static CallContext returningLong(int params) {
        return LONG[params];
    }
}
