package org.recon4j.util;

import java.lang.reflect.Field;

/**
 * Float array access without the JIT's bounds checks, for the back-projections' hot loops only (internal to Recon4J),
 * where the data-dependent bin index defeats bounds-check elimination and the checks cost half
 * the loop's time. Callers prove every index in range before a loop (see
 * {@code BackProjectionLayout}); nothing here checks. Used on JDK 17 to 23 through
 * {@code sun.misc.Unsafe} (module jdk.unsupported); from JDK 24, which warns on it, and wherever
 * it cannot be had, {@link #AVAILABLE} is false and callers take their checked loops.
 * {@code -Drecon4j.rawFloats=false} turns it off.
 */
public final class RawFloats {
    /** Whether {@link #UNSAFE} may be used; callers take their checked loops when it is false. */
    public static final boolean AVAILABLE;
    /** Null unless {@link #AVAILABLE}. */
    public static final sun.misc.Unsafe UNSAFE;
    /** The byte offset of a float array's element 0. */
    public static final long BASE;

    static {
        sun.misc.Unsafe unsafe = null;
        boolean wanted = Runtime.version().feature() < 24 && !"false".equals(System.getProperty("recon4j.rawFloats"));
        if (wanted) {
            try {
                Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                field.setAccessible(true);
                unsafe = (sun.misc.Unsafe) field.get(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                unsafe = null; // a locked-down runtime: the checked loops serve
            }
        }
        UNSAFE = unsafe;
        AVAILABLE = unsafe != null;
        BASE = unsafe != null ? sun.misc.Unsafe.ARRAY_FLOAT_BASE_OFFSET : 0;
    }

    private RawFloats() {
    }
}
