package io.jrun.core.program;

import io.jrun.core.child.Arg;
import io.jrun.core.child.ChildOps;
import io.jrun.core.child.Label;
import io.jrun.core.child.Reg;
import io.jrun.core.child.SyncProtocol;
import io.jrun.core.child.Tag.Op;
import io.jrun.spec.Box;
import io.jrun.sys.Errno;
import io.jrun.sys.FileFlags;
import io.jrun.sys.MountFlags;
import io.jrun.sys.Sys;
import io.jrun.sys.Tty;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.jrun.core.child.Arg.imm;
import static io.jrun.core.program.Steps.str;

/**
 * process.terminal: a pseudo-terminal made from the container's own /dev/pts, its peer on
 * stdio and as the controlling terminal (and, for the init, bound over /dev/console), its
 * master handed to the parent: the child moves it to an fd number the parent chose, says
 * {@link SyncProtocol#TERMINAL}, and the parent takes it with pidfd_getfd(2).
 */
public final class TerminalSteps {
    private TerminalSteps() {}

    /**
     * @param masterFd where the master waits for the parent (a number free in the child)
     * @param console  bind the terminal over /dev/console (the container's init)
     * @param uid      the process's user: it gets to own its terminal, as in runc
     */
    static void emit(Steps s, Box consoleSize, int masterFd, boolean console, long uid, long gid, Label parentGone) {
        var b = s.b;
        Reg master = b.reg("pty master");
        Reg slave = b.reg("pty slave");
        // Not through a symlink; TIOCGPTPEER below works only on a pty master, so what opens is one
        // (CVE-2025-52565: a runtime must not be led to mount or hand over another file).
        b.tag(Op.OPEN_PTY, "/dev/pts/ptmx");
        b.syscall("open the container's /dev/pts/ptmx (not through a symlink)", Sys.OPENAT2, imm(FileFlags.AT_FDCWD),
                str("/dev/pts/ptmx"), Steps.longs("open_how", FileFlags.O_RDWR | FileFlags.O_NOCTTY | FileFlags.O_CLOEXEC, 0,
                        FileFlags.RESOLVE_NO_SYMLINKS), imm(FileFlags.OPEN_HOW_SIZE)).into(master);
        b.syscall("unlock the pty", Sys.IOCTL, master, imm(Tty.TIOCSPTLCK), new Arg.Bytes("0", new byte[4]));
        b.syscall("open the pty's peer", Sys.IOCTL, master, imm(Tty.TIOCGPTPEER),
                imm(FileFlags.O_RDWR | FileFlags.O_NOCTTY | FileFlags.O_CLOEXEC)).into(slave);
        if (consoleSize != null) {
            byte[] ws = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
                    .putShort((short) consoleSize.height()).putShort((short) consoleSize.width()).array();
            b.tag(Op.TERMINAL_SIZE);
            b.syscall("set the terminal size " + consoleSize.width() + "x" + consoleSize.height() + " (process.consoleSize)",
                    Sys.IOCTL, slave, imm(Tty.TIOCSWINSZ), new Arg.Bytes("winsize", ws));
        }
        b.tag(Op.MOVE_PTY_MASTER, Integer.toString(masterFd));
        b.syscall("move the pty master to fd " + masterFd, Sys.DUP3, master, imm(masterFd), imm(FileFlags.O_CLOEXEC));
        s.close(master);
        b.tag(Op.SET_TERMINAL);
        for (int fd = 0; fd < 3; fd++) {
            b.syscall("make the terminal fd " + fd, Sys.DUP3, slave, imm(fd), imm(0));
        }
        s.close(slave);
        b.syscall("make the pty the controlling terminal", Sys.IOCTL, imm(0), imm(Tty.TIOCSCTTY), imm(0));
        if (uid != 0) {
            b.syscall("give the terminal to uid " + uid, Sys.FCHOWN, imm(0), imm(uid), imm(gid)).ignore(Errno.EPERM);
        }
        if (console) {
            // The terminal itself (fd 0, from TIOCGPTPEER) is bound, onto /dev/console opened
            // without following a symlink: neither end is a path the rootfs could redirect.
            Reg consoleFd = b.reg("console");
            b.tag(Op.CONSOLE, "/dev/console");
            Reg tree = b.reg("terminal mount");
            b.syscall("create /dev/console", Sys.MKNODAT, imm(FileFlags.AT_FDCWD), str("/dev/console"),
                    imm(FileFlags.S_IFREG | 0600), imm(0)).ignore(Errno.EEXIST);
            b.syscall("open /dev/console (it must not be a symlink)", Sys.OPENAT2, imm(FileFlags.AT_FDCWD), str("/dev/console"),
                    Steps.longs("open_how", FileFlags.O_PATH | FileFlags.O_CLOEXEC, 0, FileFlags.RESOLVE_NO_SYMLINKS),
                    imm(FileFlags.OPEN_HOW_SIZE)).into(consoleFd);
            b.syscall("bind the terminal over /dev/console: open_tree", Sys.OPEN_TREE, imm(0), str(""),
                    imm(MountFlags.OPEN_TREE_CLONE | MountFlags.OPEN_TREE_CLOEXEC | FileFlags.AT_EMPTY_PATH)).into(tree);
            b.syscall("bind the terminal over /dev/console", Sys.MOVE_MOUNT, tree, str(""), consoleFd, str(""),
                    imm(MountFlags.MOVE_MOUNT_F_EMPTY_PATH | MountFlags.MOVE_MOUNT_T_EMPTY_PATH));
            b.syscall("close", Sys.CLOSE, tree);
            b.syscall("close", Sys.CLOSE, consoleFd);
        }
        b.tag(Op.HAND_OVER_PTY_MASTER, Integer.toString(masterFd));
        ChildOps.notifyParent(b, SyncProtocol.TERMINAL, "hand the pty master over");
        b.tag(Op.WAIT_PTY_MASTER_TAKEN, Integer.toString(masterFd));
        ChildOps.waitForParent(b, "wait for the parent to take the pty master", parentGone);
        b.syscall("close the pty master", Sys.CLOSE, imm(masterFd));
    }
}
