/* `jrun state` without a JVM (state.c). */
#ifndef JRUN_STATE_H
#define JRUN_STATE_H

/*
 * Prints container ID's state under ROOT as `jrun state` does and returns 0 (or 1 if stdout
 * failed), opening LOG first if it is not NULL; returns -1, having printed nothing, when the
 * JVM has to answer.
 */
int fast_state(const char *root, const char *id, const char *log);

#endif
