package io.jrun.image;

import java.util.List;
import java.util.Map;

/**
 * The JSON documents of an OCI image layout (image-spec: index, manifest, image config) and of a
 * docker-archive tarball (its manifest.json), as far as jrun reads them. Component names are the
 * documents' own keys, capitals included (the image config's "Entrypoint", docker's "RepoTags");
 * everything else in them is ignored.
 */
final class ImageDocs {
    private ImageDocs() {}

    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    /** The annotation skopeo, umoci and buildah put the tag in. */
    static final String REF_NAME = "org.opencontainers.image.ref.name";

    /** The oci-layout file. */
    record Layout(String imageLayoutVersion) {}

    record Platform(String architecture, String os, String variant) {}

    record Descriptor(String mediaType, String digest, long size, Map<String, String> annotations, Platform platform) {}

    /** index.json, and any nested image index. */
    record Index(int schemaVersion, String mediaType, List<Descriptor> manifests) {}

    record Manifest(int schemaVersion, String mediaType, Descriptor config, List<Descriptor> layers) {}

    /** The image config: the platform, the settings a container starts with, the layers' uncompressed digests. */
    record Config(String architecture, String os, Settings config, RootFs rootfs) {}

    record Settings(String User, List<String> Env, List<String> Entrypoint, List<String> Cmd, String WorkingDir) {}

    record RootFs(String type, List<String> diff_ids) {}

    /** One image of a docker-archive's manifest.json (a JSON array of these). */
    record DockerImage(String Config, List<String> RepoTags, List<String> Layers) {}

    /** manifest.json's array, wrapped so that it reads as a record. */
    record DockerManifest(List<DockerImage> images) {}
}
