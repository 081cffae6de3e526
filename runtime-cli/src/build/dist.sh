#!/bin/sh
# Makes jrun's distribution from what Maven staged, in a directory of its own, and switches to
# it at once: a jrun command always sees one complete distribution, also while a build runs.
#
# usage (runtime-cli/pom.xml runs it in package):
#   dist.sh TARGET LAUNCHER_SOURCE COMPILECOMMANDS JAVA_HOME SKIP_AOT
# TARGET/stage holds lib/ (every runtime jar) and native/ (jffi's library), staged by Maven.
# This script
#   1. copies them into a new directory TARGET/dist/<time>.<random>;
#   2. compiles the launcher and jrun-init into its bin/ (with $CC, default cc), beside
#      jrun.compilecommands;
#   3. makes its AOT cache, jrun.aot, with a training run of that launcher (unless SKIP_AOT is
#      true), and caches of their own for the commands engines run most (train-commands.sh):
#      a cache holds for the jars' paths it was made with, which are the ones the distribution
#      runs with, since nothing is moved afterwards;
#   4. points the symlink TARGET/jrun at it with rename(2), so that it changes in one step (the
#      launcher finds its jars from its own real path, /proc/self/exe: a command started from
#      the previous distribution goes on with that one);
#   5. removes the distributions older than the previous one that no process runs from (a
#      JVM's command line names its distribution's jars).
set -eu
target=$(cd "$1" && pwd -P) # as the launcher sees it: a real path
source=$2 compilecommands=$3 java_home=$4 skip_aot=$5

cc=${CC:-cc}
if ! command -v "${cc%% *}" >/dev/null 2>&1; then
    echo "jrun: no C compiler ($cc) to build the launcher runtime-cli/src/main/c/jrun.c: install gcc (apt-get install gcc, or scripts/setup.sh), or set CC" >&2
    exit 1
fi

mkdir -p "$target/dist"
dist=$(mktemp -d "$target/dist/$(date +%Y%m%d-%H%M%S).XXXXXX")
chmod 0755 "$dist"
name=${dist##*/}
# a failed build leaves no half-made distribution behind
trap 'rm -rf "$dist"' EXIT

cp -a "$target/stage/lib" "$target/stage/native" "$dist/"
mkdir "$dist/bin"
cp "$compilecommands" "$dist/bin/jrun.compilecommands"
$cc -std=c11 -O2 -Wall -Wextra -Werror -DJRUN_BUILD_JDK="\"$java_home\"" -o "$dist/bin/jrun" "$source" \
    "${source%/*}/fast.c" "${source%/*}/supervise.c"
# jrun-init, what a created container's init waits as: no libc, static, a few kilobytes
$cc -std=c11 -O2 -Wall -Wextra -Werror -static -nostdlib -ffreestanding -fno-stack-protector -fno-builtin \
    -fno-asynchronous-unwind-tables -o "$dist/bin/jrun-init" "${source%/*}/jrun-init.c"

if [ "$skip_aot" != true ]; then
    # io.jrun.cli.AotTraining, run by the launcher itself: JRUN_AOT_OUTPUT makes it the training run
    if ! JAVA_HOME=$java_home JRUN_AOT_OUTPUT=$dist/jrun.aot "$dist/bin/jrun" >"$target/aot-training.log" 2>&1; then
        echo "jrun: the AOT training run failed; its output:" >&2
        cat "$target/aot-training.log" >&2
        exit 1
    fi
    # The commands an engine runs for every container get caches of their own, each trained on
    # a real run of that command alone: a JVM loads every class of its cache as it starts, and
    # the whole cache (every command's classes) costs `start` or `delete` tens of milliseconds.
    # As root with a static busybox only (real containers); otherwise every command uses jrun.aot.
    JAVA_HOME=$java_home sh "${0%/*}/train-commands.sh" "$dist" >>"$target/aot-training.log" 2>&1 || {
        echo "jrun: the commands' AOT training failed; its output:" >&2
        cat "$target/aot-training.log" >&2
        exit 1
    }
fi

previous=
if [ -L "$target/jrun" ]; then
    previous=$(readlink "$target/jrun")
    previous=${previous##*/}
elif [ -e "$target/jrun" ]; then
    # a distribution of a build before distributions had directories of their own: moved aside
    # (a command starting just now may miss it: this happens once)
    previous=$(date +%Y%m%d-%H%M%S).old
    mv "$target/jrun" "$target/dist/$previous"
fi
ln -s "dist/$name" "$target/jrun.new-$$"
mv -T "$target/jrun.new-$$" "$target/jrun"
trap - EXIT

for d in "$target/dist"/*; do
    n=${d##*/}
    if [ "$n" = "$name" ] || [ "$n" = "$previous" ] || [ ! -d "$d" ]; then
        continue
    fi
    # in use while a JVM started from it runs (the container processes it cloned included)
    if grep -qaF -- "$d/" /proc/[0-9]*/cmdline 2>/dev/null; then
        continue
    fi
    rm -rf "$d"
done
