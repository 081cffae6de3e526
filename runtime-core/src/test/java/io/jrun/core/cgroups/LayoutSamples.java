package io.jrun.core.cgroups;

/** mountinfo and /proc/self/cgroup of real hosts, for {@link CgroupLayout} and {@link V1Paths}. */
public final class LayoutSamples {
    private LayoutSamples() {}

    /**
     * A build machine (systemd's hybrid layout, with controllers mounted one a hierarchy and a
     * cgroup2 with no controllers at /sys/fs/cgroup/unified), read from its /proc/self; a
     * mount of the sandbox's own is left out and the memory cgroup's id is replaced.
     */
    public static final String BUILD_MACHINE = """
            22 27 0:21 / /proc rw,relatime - proc proc rw
            23 27 0:22 / /sys rw,relatime - sysfs sysfs rw
            24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12335116k,nr_inodes=3083779,mode=755
            25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683772k
            26 24 0:24 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
            27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534
            29 26 0:26 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
            30 25 0:27 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683772k
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
            37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
            38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
            39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;
    public static final String BUILD_MACHINE_CGROUP = """
            9:name=systemd:/
            8:pids:/
            7:blkio:/
            6:freezer:/
            5:devices:/
            4:memory:/process_api/0123456789abcdef0123456789abcdef
            3:cpuset:/
            2:cpuacct:/
            1:cpu:/
            0::/
            """;

    /** Fedora 38, a login session: cgroup2 at /sys/fs/cgroup, nothing else. */
    public static final String PURE_V2 = """
            22 1 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw,seclabel
            25 22 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,seclabel,nsdelegate,memory_recursiveprot
            """;
    public static final String PURE_V2_CGROUP = "0::/user.slice/user-1000.slice/session-3.scope\n";

    /**
     * CentOS 7 (kernel 3.10, no cgroup2): systemd's named hierarchy, cpu and cpuacct co-mounted,
     * net_cls and net_prio co-mounted, a login session. The 3.10 kernel lists co-mounted
     * subsystems as "cpuacct,cpu" and "net_prio,net_cls", and systemd makes /sys/fs/cgroup/cpu
     * and /sys/fs/cgroup/cpuacct symlinks (not mounts) to cpu,cpuacct.
     */
    public static final String CENTOS7 = """
            18 61 0:17 / /sys rw,nosuid,nodev,noexec,relatime shared:6 - sysfs sysfs rw
            24 18 0:20 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:7 - tmpfs tmpfs ro,mode=755
            25 24 0:21 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:8 - cgroup cgroup rw,xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd
            27 24 0:23 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,relatime shared:9 - cgroup cgroup rw,net_prio,net_cls
            28 24 0:24 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:10 - cgroup cgroup rw,cpuacct,cpu
            29 24 0:25 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,memory
            30 24 0:26 / /sys/fs/cgroup/devices rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,devices
            31 24 0:27 / /sys/fs/cgroup/freezer rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,freezer
            32 24 0:28 / /sys/fs/cgroup/blkio rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,blkio
            33 24 0:29 / /sys/fs/cgroup/perf_event rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,perf_event
            34 24 0:30 / /sys/fs/cgroup/hugetlb rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,hugetlb
            35 24 0:31 / /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,cpuset
            36 24 0:32 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:18 - cgroup cgroup rw,pids
            """;
    public static final String CENTOS7_CGROUP = """
            11:cpuset:/
            10:pids:/user.slice
            9:hugetlb:/
            8:perf_event:/
            7:blkio:/user.slice
            6:freezer:/
            5:devices:/user.slice
            4:memory:/user.slice
            3:cpuacct,cpu:/user.slice
            2:net_prio,net_cls:/
            1:name=systemd:/user.slice/user-1000.slice/session-1.scope
            """;

    /** The docker container's id in runc's systemdMountinfo. */
    public static final String DOCKER_SCOPE =
            "/system.slice/docker-dc4eaa1a34ec4d593bc0125d31eea823a1d76ae483aeb1409cca80304e34da2e.scope";

    /**
     * Inside a docker container on a v1 host, no cgroup namespace: each hierarchy's mount is the
     * container's own cgroup (mountinfo root not "/"), and /proc/self/cgroup shows the host's
     * path. The cgroup lines of runc's systemdMountinfo (libcontainer/cgroups/utils_test.go,
     * TestGetCgroupMounts, which expects every root to be the docker scope).
     */
    public static final String DOCKER_V1 = """
            115 83 0:32 / / rw,relatime - aufs none rw,si=c0bd3d3,dio,dirperm1
            120 119 0:39 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,mode=755
            121 120 0:19 SCOPE /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,xattr,release_agent=/lib/systemd/systemd-cgroups-agent,name=systemd
            122 120 0:20 SCOPE /sys/fs/cgroup/devices rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,devices
            123 120 0:21 SCOPE /sys/fs/cgroup/freezer rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,freezer
            124 120 0:22 SCOPE /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,memory
            125 120 0:23 SCOPE /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,net_cls,net_prio
            126 120 0:24 SCOPE /sys/fs/cgroup/blkio rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,blkio
            127 120 0:25 SCOPE /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,cpuset,clone_children
            128 120 0:26 SCOPE /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,cpu,cpuacct
            129 120 0:27 SCOPE /sys/fs/cgroup/perf_event rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,perf_event,release_agent=/run/cgmanager/agents/cgm-release-agent.perf_event
            """.replace("SCOPE", DOCKER_SCOPE);
    public static final String DOCKER_V1_CGROUP = """
            9:perf_event:SCOPE
            8:cpu,cpuacct:SCOPE
            7:cpuset:SCOPE
            6:blkio:SCOPE
            5:net_cls,net_prio:SCOPE
            4:memory:SCOPE
            3:freezer:SCOPE
            2:devices:SCOPE
            1:name=systemd:SCOPE
            """.replace("SCOPE", DOCKER_SCOPE);
}
