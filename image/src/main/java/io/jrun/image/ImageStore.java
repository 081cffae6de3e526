package io.jrun.image;

import io.jrun.api.FileTrees;
import io.jrun.api.JrunException;
import io.jrun.spec.Quote;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The images of a {@link Storage}: `image import`, `image ls`, `image rm`, and finding the
 * image `run` names. Layers no image and no container uses are removed by garbage collection,
 * which `image rm` runs and `image import` runs first when nobody else uses the store.
 */
public final class ImageStore {
    /** Names as registries spell references, roughly: "busybox", "library/busybox:1.36", "localhost:5000/x@sha256:...". */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@+-]*");

    private final Storage storage;
    private final FsOps fs;

    public ImageStore(Storage storage) {
        this(storage, FsOps.host());
    }

    ImageStore(Storage storage, FsOps fs) {
        this.storage = storage;
        this.fs = fs;
    }

    public Storage storage() {
        return storage;
    }

    /**
     * Imports {@code source} as image {@code name}, replacing an image of that name.
     *
     * @param ref which image of a source that holds several, or null
     */
    public Image importImage(String name, Path source, String ref, ImportProgress progress) {
        checkName(name);
        storage.create();
        collectGarbageIfIdle();
        try (Storage.Lock ignored = storage.lock(true)) {
            return new Importer(storage, fs, progress).run(name, source.toAbsolutePath().normalize(), ref);
        }
    }

    /** Every image, in import order. */
    public List<Image> list() {
        return storage.images();
    }

    /** The image named {@code name}; an unknown name is an error listing the known ones. */
    public Image find(String name) {
        List<Image> images = storage.images();
        for (Image i : images) {
            if (i.name().equals(name)) {
                return i;
            }
        }
        throw unknown(name, images);
    }

    /** Removes the images named, then the layers nothing uses any more. All names are checked first. */
    public void remove(List<String> names) {
        List<Image> images = storage.images();
        for (String name : names) {
            if (images.stream().noneMatch(i -> i.name().equals(name))) {
                throw unknown(name, images);
            }
        }
        try (Storage.Lock ignored = storage.lock(false)) {
            storage.updateImages(list -> {
                list.removeIf(i -> names.contains(i.name()));
                return list;
            });
            collectGarbage();
        }
    }

    private static JrunException unknown(String name, List<Image> images) {
        if (images.isEmpty()) {
            return new JrunException("unknown image " + Quote.value(name)
                    + ": no images imported yet (jrun image import NAME SOURCE)");
        }
        List<String> names = images.stream().map(Image::name).toList();
        return new JrunException("unknown image " + Quote.value(name) + "; the images are: " + String.join(", ", names));
    }

    static void checkName(String name) {
        if (name == null || name.length() > 255 || !NAME.matcher(name).matches()) {
            throw new JrunException("invalid image name " + Quote.value(name) + ": use letters, digits and '.', '_', '-', '+', "
                    + "'/', ':', '@', starting with a letter or digit, at most 255 characters");
        }
    }

    /**
     * Collects garbage if nobody uses the store now (what an interrupted import or a crashed run
     * left); otherwise leaves it for later. In a JVM that holds no container's lock.
     */
    void collectGarbageIfIdle() {
        try (Storage.Lock gc = storage.tryExclusive()) {
            if (gc != null) {
                collectGarbage();
            }
        }
    }

    /**
     * Under the exclusive lock: sweeps stale container directories, removes layers that no image
     * and no container uses, and empties tmp/ (no import runs now).
     */
    private void collectGarbage() {
        Set<String> used = new HashSet<>(ContainerDir.sweep(storage));
        for (Image i : storage.images()) {
            i.layers().forEach(l -> used.add(l.digest()));
        }
        for (Path layer : children(storage.layers())) {
            if (!used.contains("sha256:" + layer.getFileName())) {
                delete(layer);
            }
        }
        for (Path leftover : children(storage.tmp())) {
            delete(leftover);
        }
    }

    private static List<Path> children(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(out::add);
        } catch (IOException e) {
            throw new JrunException("list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static void delete(Path p) {
        try {
            FileTrees.delete(p);
        } catch (IOException e) {
            throw new JrunException("remove " + p + ": " + e.getMessage(), e);
        }
    }
}
