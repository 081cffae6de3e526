package io.jrun.image;

import io.jrun.api.JrunException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of an image source by their paths inside it ("index.json", "blobs/sha256/HEX"):
 * a directory, or a tar archive read in place. Paths come from the source's own documents, so
 * they are cleaned and may not leave it.
 */
sealed interface ArchiveFiles permits ArchiveFiles.Directory, ArchiveFiles.Tar {
    /** What the files are, for messages: "the image layout /srv/img", "the archive img.tar". */
    String describe();

    boolean exists(String path);

    /** Opens the file at {@code path}; a missing one is an error naming it. */
    InputStream open(String path) throws IOException;

    default byte[] read(String path) throws IOException {
        try (InputStream in = open(path)) {
            return in.readAllBytes();
        }
    }

    /** "./a//b" → "a/b"; refuses absolute paths and "..". */
    static String clean(String path, String where) {
        if (path == null || path.startsWith("/")) {
            throw new JrunException(where + ": \"" + path + "\" is not a relative path inside the image");
        }
        List<String> parts = new ArrayList<>();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                throw new JrunException(where + ": \"" + path + "\" leads out of the image (\"..\")");
            }
            parts.add(c);
        }
        return String.join("/", parts);
    }

    record Directory(Path dir, String describe) implements ArchiveFiles {
        @Override
        public boolean exists(String path) {
            return Files.isRegularFile(dir.resolve(clean(path, describe)));
        }

        @Override
        public InputStream open(String path) throws IOException {
            Path file = dir.resolve(clean(path, describe));
            if (!Files.isRegularFile(file)) {
                throw new JrunException(describe + " has no file " + clean(path, describe));
            }
            return Files.newInputStream(file);
        }
    }

    /**
     * An uncompressed tar archive, indexed in one pass over its headers; members are then read
     * in place. Symlinks and hard links between members (docker save writes them for layers
     * that several images share) are followed inside the archive.
     */
    final class Tar implements ArchiveFiles {
        private record Member(long offset, long size, String link) {}

        private final Path file;
        private final String describe;
        private final Map<String, Member> members;

        private Tar(Path file, String describe, Map<String, Member> members) {
            this.file = file;
            this.describe = describe;
            this.members = members;
        }

        /** Indexes {@code file}; a file that is no tar archive fails with the reader's message. */
        static Tar index(Path file, String describe) throws IOException {
            Map<String, Member> members = new HashMap<>();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                SeekingStream counting = new SeekingStream(Channels.newInputStream(channel), channel);
                TarReader tar = new TarReader(counting, describe);
                for (TarEntry e; (e = tar.next()) != null; ) {
                    String name = e.name().startsWith("/") || ("/" + e.name() + "/").contains("/../") ? null
                            : clean(e.name(), describe);
                    if (name == null) {
                        continue; // no image document has such a name; a root filesystem's layer reader refuses it
                    }
                    switch (e.type()) {
                        case FILE -> members.put(name, new Member(channel.position(), e.size(), null));
                        case SYMLINK -> {
                            String parent = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
                            if (!e.linkName().startsWith("/")) {
                                members.put(name, new Member(-1, 0, parent + e.linkName()));
                            }
                        }
                        case HARDLINK -> members.put(name, new Member(-1, 0, e.linkName()));
                        default -> { }
                    }
                }
            }
            return new Tar(file, describe, members);
        }

        @Override
        public String describe() {
            return describe;
        }

        private Member find(String path) {
            String name = clean(path, describe);
            for (int hops = 0; hops < 8; hops++) {
                Member m = members.get(name);
                if (m == null || m.link() == null) {
                    return m;
                }
                name = clean(m.link(), describe);
            }
            return null;
        }

        @Override
        public boolean exists(String path) {
            return find(path) != null;
        }

        @Override
        public InputStream open(String path) throws IOException {
            Member m = find(path);
            if (m == null) {
                throw new JrunException(describe + " has no file " + clean(path, describe));
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(m.offset());
            InputStream in = Channels.newInputStream(channel);
            return new java.io.FilterInputStream(in) {
                private long left = m.size();

                @Override
                public int read() throws IOException {
                    if (left == 0) {
                        return -1;
                    }
                    int b = in.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left == 0) {
                        return -1;
                    }
                    int n = in.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }

                @Override
                public long skip(long n) throws IOException {
                    long s = in.skip(Math.min(n, left));
                    left -= s;
                    return s;
                }
            };
        }

        /** A channel's stream whose skip seeks: indexing reads headers only, never the members' data. */
        private static final class SeekingStream extends java.io.FilterInputStream {
            private final FileChannel channel;

            SeekingStream(InputStream in, FileChannel channel) {
                super(in);
                this.channel = channel;
            }

            @Override
            public long skip(long n) throws IOException {
                long left = channel.size() - channel.position();
                long s = Math.min(n, Math.max(left, 0));
                channel.position(channel.position() + s);
                return s;
            }
        }
    }
}
