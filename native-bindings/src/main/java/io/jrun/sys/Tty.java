package io.jrun.sys;

/** Terminal ioctls (asm-generic values, the same on x86_64 and aarch64). */
public final class Tty {
    private Tty() {}

    public static final long TCGETS = 0x5401;
    public static final long TIOCSCTTY = 0x540E;
    public static final long TIOCGWINSZ = 0x5413;
    public static final long TIOCSWINSZ = 0x5414;
    /** Unlock a pty's peer: the argument points to an int, 0 unlocks. */
    public static final long TIOCSPTLCK = 0x40045431L;
    /** Open a pty master's peer (the slave) without knowing its path: returns an fd. */
    public static final long TIOCGPTPEER = 0x5441;
    public static final int TCSANOW = 0;
    /** sizeof(struct termios) in glibc. */
    public static final int TERMIOS_SIZE = 60;
}
