# syntax=docker/dockerfile:1
#
# Metastream container images, built from the shaded jar (build it first, from the repository root:
#   mvn -B -DskipTests package -pl app -am          -> app/target/metastream.jar).
#
#   CPU (ingest, evaluator, control; the default target):
#     docker build -t ghcr.io/metastream/metastream:0.1.0 .
#   CUDA (the trainer): the same jar, with DJL pointed at a CUDA 12.8 build of libtorch 2.7.1
#     docker build --target cuda --build-arg LIBTORCH_SHA256=<sha256> -t ghcr.io/metastream/metastream:0.1.0-cuda .
#
# Every container runs `metastream <service>` (the repository's launcher, in prebuilt-jar mode), so the
# JVM gets exactly the flags a local run gets. Kubernetes passes the service as the container's args.

# ---- the JRE, the jar and the launcher: everything both images share
FROM eclipse-temurin:17-jre-jammy AS base
RUN groupadd --system --gid 10001 metastream \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/metastream --create-home metastream \
 && mkdir -p /var/cache/metastream/djl \
 && chown -R 10001:10001 /var/cache/metastream
COPY --chmod=0755 metastream /usr/local/bin/metastream
COPY app/target/metastream.jar /opt/metastream/metastream.jar
# the launcher runs this jar instead of building one; DJL extracts its native libraries into a
# directory the unprivileged user owns (the default, ~/.djl.ai, depends on the user's home)
ENV METASTREAM_JAR=/opt/metastream/metastream.jar \
    DJL_CACHE_DIR=/var/cache/metastream/djl
USER 10001:10001
WORKDIR /var/lib/metastream
ENTRYPOINT ["metastream"]
CMD ["--help"]

# ---- libtorch 2.7.1 for CUDA 12.8 (the build the JNI library in pytorch-jni 2.7.1-0.36.0 links against)
FROM eclipse-temurin:17-jre-jammy AS libtorch
ARG LIBTORCH_URL=https://download.pytorch.org/libtorch/cu128/libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu128.zip
ARG LIBTORCH_SHA256=
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl unzip ca-certificates \
 && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL -o /tmp/libtorch.zip "$LIBTORCH_URL" \
 && if [ -n "$LIBTORCH_SHA256" ]; then echo "$LIBTORCH_SHA256  /tmp/libtorch.zip" | sha256sum -c -; \
    else echo "libtorch.zip sha256 $(sha256sum /tmp/libtorch.zip | cut -d' ' -f1): pin it with --build-arg LIBTORCH_SHA256"; fi \
 && unzip -q /tmp/libtorch.zip -d /opt \
 && rm /tmp/libtorch.zip \
 && test -f /opt/libtorch/lib/libtorch_cuda.so && test -f /opt/libtorch/lib/libc10_cuda.so

# ---- CUDA image: DJL loads libtorch from PYTORCH_LIBRARY_PATH; version and flavor select the cu128 JNI
# library that the jar already carries (jnilib/linux-x86_64/cu128/libdjl_torch.so), so nothing is
# downloaded at run time. The GPU driver comes from the host (NVIDIA container toolkit).
FROM base AS cuda
COPY --from=libtorch /opt/libtorch/lib /opt/libtorch/lib
ENV PYTORCH_LIBRARY_PATH=/opt/libtorch/lib \
    PYTORCH_VERSION=2.7.1 \
    PYTORCH_FLAVOR=cu128 \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility

# ---- CPU image (the default target): the PyTorch CPU library inside the jar
FROM base AS cpu
