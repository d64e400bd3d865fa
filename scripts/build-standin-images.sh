#!/usr/bin/env bash
# Builds offline stand-ins for the images the default provisioners reference, tagged with the
# exact same references, but only for a reference the engine does not have and cannot pull
# (on a machine with a registry the real images are used). Service images share one cached
# Debian rootfs (debootstrap, once) imported as a base image; each service adds its entry
# point in a one-line build on top, so the big layer is stored once.
# Prints one line per reference: present / pulled / built / rebuilt.
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

HERE=$(cd "$(dirname "$0")" && pwd)
STANDIN="$HERE/standin"
CACHE_DIR=${SCORE_COMPOSE_TS_CACHE:-/var/cache/score-compose-ts}
SUITE=bookworm
ROOTFS_PACKAGES=postgresql-15,nginx-light,redis-server,redis-tools,curl,wget,ca-certificates,xz-utils
STANDIN_LABEL=score-compose-ts.standin
BASE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
PG_PATH=/usr/lib/postgresql/15/bin:$BASE_PATH

POSTGRES_REF=mirror.gcr.io/postgres:17-alpine
NGINX_REF=mirror.gcr.io/nginx:1-alpine
REDIS_REF=mirror.gcr.io/redis:7-alpine
BUSYBOX_REFS=(mirror.gcr.io/busybox:latest busybox:latest mirror.gcr.io/alpine:latest alpine:latest)

sha() { sha256sum | cut -c1-16; }
# The cached rootfs is keyed by everything that shapes it, so a recipe change rebuilds it.
ROOTFS_KEY=$(printf '%s\n%s\n%s\n' "$SUITE" "$ROOTFS_PACKAGES" "$(cat "$STANDIN/prepare-rootfs.sh")" | sha)
ROOTFS_TAR="$CACHE_DIR/standin-rootfs-$ROOTFS_KEY.tar"
BASE_REF="score-compose-ts/standin-base:$ROOTFS_KEY"

# state REF KEY: present (real image, or a stand-in of this recipe), stale (an older
# stand-in: its label differs), pulled, or missing.
state() {
  local ref=$1 key=$2 label
  if label=$(docker image inspect -f "{{ index .Config.Labels \"$STANDIN_LABEL\" }}" "$ref" 2>/dev/null); then
    case "$label" in ""|"<no value>"|"$key") echo present ;; *) echo stale ;; esac
    return
  fi
  if timeout 60 docker pull -q "$ref" >/dev/null 2>&1; then echo pulled; else echo missing; fi
}

report() { printf 'image %s: %s\n' "$1" "$2"; }

# drop_if_dangling ID: a replaced stand-in left without any tag is just wasted disk.
drop_if_dangling() {
  [ -n "$1" ] || return 0
  [ "$(docker image inspect -f '{{len .RepoTags}}' "$1" 2>/dev/null)" = 0 ] || return 0
  docker rmi "$1" >/dev/null 2>&1 || true
}

# remove_build_dir DIR: debootstrap mounts /proc and /sys inside the target; a failed or
# interrupted run can leave them mounted, and rm -rf must never walk into them.
remove_build_dir() {
  awk -v d="$1/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r | while read -r mnt; do
    umount -l "$mnt" 2>/dev/null || true
  done
  rm -rf "$1"
}

ensure_rootfs_tar() {
  [ -s "$ROOTFS_TAR" ] && return
  need_root
  local mirror work dir
  mirror=$(debian_mirror)
  mkdir -p "$CACHE_DIR"
  for dir in "$CACHE_DIR"/build.*; do [ -d "$dir" ] && remove_build_dir "$dir"; done
  work=$(mktemp -d "$CACHE_DIR/build.XXXXXX")
  trap 'remove_build_dir "$work"' EXIT
  log "debootstrap $SUITE minbase with $ROOTFS_PACKAGES from $mirror (one to two minutes)"
  if ! debootstrap --variant=minbase --include="$ROOTFS_PACKAGES" "$SUITE" "$work/rootfs" "$mirror" \
      >"$work/debootstrap.log" 2>&1; then
    tail -30 "$work/debootstrap.log" >&2
    die "debootstrap failed (log above)"
  fi
  chroot "$work/rootfs" /bin/sh -s <"$STANDIN/prepare-rootfs.sh" || die "preparing the rootfs failed"
  tar --numeric-owner -C "$work/rootfs" -cf "$work/rootfs.tar" .
  rm -f "$CACHE_DIR"/standin-rootfs-*.tar   # older recipes
  mv "$work/rootfs.tar" "$ROOTFS_TAR"
  remove_build_dir "$work"
  trap - EXIT
  log "cached $ROOTFS_TAR ($(du -h "$ROOTFS_TAR" | cut -f1))"
}

ensure_base_image() {
  docker image inspect "$BASE_REF" >/dev/null 2>&1 && return
  ensure_rootfs_tar
  log "importing $BASE_REF"
  docker import -c "ENV PATH=$BASE_PATH" -c "ENV LANG=C.UTF-8" "$ROOTFS_TAR" "$BASE_REF" >/dev/null
}

# build_service REF ENTRYPOINT_FILE TARGET_PATH KEY INSTRUCTION...: the base image plus one
# entry point script, with the official image's entrypoint, command and settings. The
# classic builder is used because it needs nothing but the engine (and `docker commit`
# cannot set STOPSIGNAL).
build_service() {
  local ref=$1 script=$2 target=$3 key=$4 stage
  shift 4
  ensure_base_image
  stage=$(mktemp -d)
  install -m 0755 "$STANDIN/$script" "$stage/entrypoint.sh"
  {
    printf 'FROM %s\n' "$BASE_REF"
    printf 'COPY entrypoint.sh %s\n' "$target"
    printf '%s\n' "$@"
    printf 'LABEL %s=%s\n' "$STANDIN_LABEL" "$key"
  } >"$stage/Dockerfile"
  if ! DOCKER_BUILDKIT=0 docker build -q -t "$ref" "$stage" >"$stage/build.log" 2>&1; then
    cat "$stage/build.log" >&2
    rm -rf "$stage"
    die "could not build $ref"
  fi
  rm -rf "$stage"
}

# service REF ENTRYPOINT_FILE TARGET_PATH CHANGE...: build REF unless present or pullable.
service() {
  local ref=$1 script=$2 target=$3 key st old
  key=$(printf '%s\n' "$ROOTFS_KEY" "$(cat "$STANDIN/$script")" "$target" "${@:4}" | sha)
  st=$(state "$ref" "$key")
  case "$st" in
    present|pulled) report "$ref" "$st" ;;
    *) old=$(docker image inspect -f '{{.Id}}' "$ref" 2>/dev/null || true)
       build_service "$ref" "$script" "$target" "$key" "${@:4}"
       drop_if_dangling "$old"
       if [ "$st" = stale ]; then report "$ref" "rebuilt (older stand-in)"; else report "$ref" built; fi ;;
  esac
}

# busybox_images: one static busybox rootfs with applet symlinks, tagged under every
# utility reference that is missing.
busybox_images() {
  local key root ref st old item id="" todo=()
  key=$(printf '%s\n' "$(busybox --help 2>&1 | head -1)" "$(declare -f busybox_rootfs)" | sha)
  for ref in "${BUSYBOX_REFS[@]}"; do
    st=$(state "$ref" "$key")
    case "$st" in
      present|pulled) report "$ref" "$st" ;;
      *) todo+=("$ref:$st") ;;
    esac
  done
  [ ${#todo[@]} -gt 0 ] || return 0
  root=$(mktemp -d)
  busybox_rootfs "$root"
  id=$(tar --numeric-owner --owner=0 --group=0 -C "$root" -c . \
    | docker import -c 'CMD ["sh"]' -c "ENV PATH=$BASE_PATH" -c "LABEL $STANDIN_LABEL=$key" -)
  rm -rf "$root"
  for item in "${todo[@]}"; do
    ref=${item%:*}; st=${item##*:}
    old=$(docker image inspect -f '{{.Id}}' "$ref" 2>/dev/null || true)
    docker tag "$id" "$ref"
    [ "$old" = "$id" ] || drop_if_dangling "$old"
    if [ "$st" = stale ]; then report "$ref" "rebuilt (older stand-in)"; else report "$ref" built; fi
  done
}

busybox_rootfs() {
  local root=$1 bb applet
  bb=$(command -v busybox) || die "busybox not installed: run scripts/install-docker.sh first"
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,var/tmp,home,proc,sys,dev}
  chmod 1777 "$root/tmp" "$root/var/tmp"
  install -m 0755 "$bb" "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list-full); do
    [ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
}

# prune_old_bases: base images of older recipes (their layers go once no stand-in uses them).
prune_old_bases() {
  local ref
  for ref in $(docker images --format '{{.Repository}}:{{.Tag}}' "${BASE_REF%:*}"); do
    [ "$ref" = "$BASE_REF" ] || docker rmi "$ref" >/dev/null 2>&1 || true
  done
}

command -v docker >/dev/null 2>&1 || die "no docker CLI: run scripts/install-docker.sh first"
docker_answers || die "the Docker engine does not answer: run scripts/start-docker.sh first"

service "$POSTGRES_REF" postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh \
  "ENV PATH=$PG_PATH" "ENV PGDATA=/var/lib/postgresql/data" 'ENTRYPOINT ["docker-entrypoint.sh"]' \
  'CMD ["postgres"]' 'STOPSIGNAL SIGINT' 'EXPOSE 5432' 'VOLUME /var/lib/postgresql/data'
service "$NGINX_REF" nginx-entrypoint.sh /docker-entrypoint.sh \
  'ENTRYPOINT ["/docker-entrypoint.sh"]' 'CMD ["nginx", "-g", "daemon off;"]' 'STOPSIGNAL SIGQUIT' 'EXPOSE 80'
service "$REDIS_REF" redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh \
  'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["redis-server"]' 'WORKDIR /data' 'EXPOSE 6379' 'VOLUME /data'
busybox_images
prune_old_bases
