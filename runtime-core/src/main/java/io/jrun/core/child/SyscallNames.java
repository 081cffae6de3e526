package io.jrun.core.child;

import io.jrun.sys.Sys;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Syscall names for describing a program (tests, debug logs); never used by the child. */
final class SyscallNames {
    private SyscallNames() {}

    private static final Map<Long, String> NAMES = new HashMap<>();

    static {
        for (Field f : Sys.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == long.class) {
                try {
                    NAMES.put(f.getLong(null), f.getName().toLowerCase(Locale.ROOT));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    static String name(long nr) {
        return NAMES.getOrDefault(nr, "syscall" + nr);
    }
}
