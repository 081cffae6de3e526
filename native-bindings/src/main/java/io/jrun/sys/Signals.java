package io.jrun.sys;

import java.util.Locale;

/** Signal numbers (x86_64 and aarch64 share them) and runc's parsing of signal names. */
public final class Signals {
    private Signals() {}

    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGILL = 4;
    public static final int SIGTRAP = 5;
    public static final int SIGABRT = 6;
    public static final int SIGBUS = 7;
    public static final int SIGFPE = 8;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGSEGV = 11;
    public static final int SIGUSR2 = 12;
    public static final int SIGPIPE = 13;
    public static final int SIGALRM = 14;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    public static final int SIGTSTP = 20;
    public static final int SIGTTIN = 21;
    public static final int SIGTTOU = 22;
    public static final int SIGWINCH = 28;
    public static final int SIGRTMIN = 34;
    public static final int SIGRTMAX = 64;

    private static final String[] NAMES = {
        null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
        "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
        "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    };

    /** "SIGTERM", "TERM", "term", "15", "SIGRTMIN+3", "RTMAX-1" → the number, or -1 if unknown. */
    public static int parse(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            try {
                int n = Integer.parseInt(t);
                return n >= 1 && n <= SIGRTMAX ? n : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        if (t.startsWith("SIG")) {
            t = t.substring(3);
        }
        for (int i = 1; i < NAMES.length; i++) {
            if (NAMES[i].equals(t)) {
                return i;
            }
        }
        if (t.equals("IOT")) {
            return SIGABRT;
        }
        if (t.equals("POLL")) {
            return 29;
        }
        if (t.startsWith("RTMIN") || t.startsWith("RTMAX")) {
            int base = t.startsWith("RTMIN") ? SIGRTMIN : SIGRTMAX;
            String rest = t.substring(5);
            if (rest.isEmpty()) {
                return base;
            }
            try {
                int off = Integer.parseInt(rest);
                int n = base + off;
                return n >= SIGRTMIN && n <= SIGRTMAX ? n : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /** "SIGTERM" for 15. */
    public static String name(int sig) {
        if (sig >= 1 && sig < NAMES.length) {
            return "SIG" + NAMES[sig];
        }
        if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
            return sig == SIGRTMIN ? "SIGRTMIN" : "SIGRTMIN+" + (sig - SIGRTMIN);
        }
        return "signal " + sig;
    }
}
