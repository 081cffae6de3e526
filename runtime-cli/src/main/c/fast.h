/* `jrun state`, `start`, `kill` and `delete` without a JVM (fast.c). */
#ifndef JRUN_FAST_H
#define JRUN_FAST_H

/*
 * Prints container ID's state under ROOT as `jrun state` does and returns 0 (or 1 if stdout
 * failed), opening LOG first if it is not NULL; returns -1, having printed nothing, when the
 * JVM has to answer.
 */
int fast_state(const char *root, const char *id, const char *log);

/*
 * Sends SIGNAL (a name or number; NULL: SIGTERM) to container ID's process as `jrun kill ID
 * SIGNAL` does and returns 0; returns -1, having done nothing, when the JVM has to do it.
 */
int fast_kill(const char *root, const char *id, const char *signal, const char *log);

/*
 * Deletes stopped container ID as `jrun delete [--force] ID` does (when it has no hooks, no image
 * directory and a cgroup that is a leaf of jrun's making) and returns 0; returns -1, having
 * changed nothing, when the JVM has to do it.
 */
int fast_delete(const char *root, const char *id, const char *log);

/*
 * Starts created container ID as `jrun start ID` does (when it has no hooks) and returns 0;
 * returns -1 when the JVM has to do it: having changed nothing, or (*REPORT set: "ID:HEX") having
 * read a failure from the exec fifo, which the JVM then reports (-Djrun.exec.fifo.report).
 */
int fast_start(const char *root, const char *id, const char *log, char **report);

/*
 * `run` in the foreground once its program runs, with the arguments the JVM execs it with
 * (argv[0] "jrun-supervise"; supervise.c): returns the program's exit status.
 */
int supervise(int argc, char **argv);

#endif
