#!/usr/bin/env bash
# Real engines for imgctl's tests, on loopback only.
#
#   scripts/engines.sh up      install (if missing) and start Docker Engine, the Podman API service,
#                              a registry on 127.0.0.1:5000 and a password-protected one on
#                              127.0.0.1:5001; build and push the test images. Idempotent.
#   scripts/engines.sh down    stop what `up` started (by recorded pid only)
#   scripts/engines.sh status  what answers where
#
# State (logs, pid files, registry storage) lives in $IMGCTL_ENGINES_DIR, default <repo>/.engines.
set -Eeuo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO_ROOT
readonly STATE_DIR="${IMGCTL_ENGINES_DIR:-$REPO_ROOT/.engines}"
readonly DOCKER_SOCK=/var/run/docker.sock
readonly PODMAN_SOCK=/run/podman/podman.sock
readonly REGISTRY_ADDR=127.0.0.1:5000
readonly AUTH_REGISTRY_ADDR=127.0.0.1:5001
readonly AUTH_USER=imgctl
readonly AUTH_PASSWORD=imgctl-secret
readonly BASE_IMAGE=localhost:5000/imgctl/base:1
readonly DERIVED_IMAGE=localhost:5000/imgctl/derived:1
readonly PACKAGES=(docker.io podman docker-registry busybox-static apache2-utils curl)
readonly CONTAINERS_CONF_DROPIN=/etc/containers/containers.conf.d/50-imgctl.conf
readonly REGISTRIES_CONF_DROPIN=/etc/containers/registries.conf.d/50-imgctl-localhost.conf

STEP="starting"
LOG="$STATE_DIR/engines.log"

say() { printf 'engines: %s\n' "$*"; }
die() { printf 'engines: Tried to %s but failed because %s\n' "$STEP" "$*" >&2; exit 1; }
# shellcheck disable=SC2154 # rc is set inside the trap itself
trap 'rc=$?; printf "engines: Tried to %s but failed because a command exited with %s (line %s; log: %s)\n" "$STEP" "$rc" "$LINENO" "$LOG" >&2; exit "$rc"' ERR

# Run a command with its output appended to the log only.
quietly() { printf '\n$ %s\n' "$*" >>"$LOG"; "$@" >>"$LOG" 2>&1; }

log_tail() {
  if [[ -f "$1" ]]; then tail -n "${2:-15}" "$1" | sed 's/^/    | /' >&2 || true; fi
}

# ---------------------------------------------------------------- probes

docker_answers() { curl -fsS -m 2 --unix-socket "$DOCKER_SOCK" http://d/_ping >/dev/null 2>&1; }
podman_answers() { curl -fsS -m 2 --unix-socket "$PODMAN_SOCK" http://d/_ping >/dev/null 2>&1; }
registry_answers() { curl -fsS -m 2 -o /dev/null "http://$REGISTRY_ADDR/v2/" 2>/dev/null; }
# The password-protected registry answers 401 without credentials.
auth_registry_answers() {
  local code
  code=$(curl -sS -m 2 -o /dev/null -w '%{http_code}' "http://$AUTH_REGISTRY_ADDR/v2/" 2>/dev/null) || return 1
  [[ "$code" == 401 || "$code" == 200 ]]
}
registry_has() { # repo tag
  curl -fsS -m 5 -o /dev/null -I \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$REGISTRY_ADDR/v2/$1/manifests/$2" 2>/dev/null
}

# wait_for SECONDS PROBE LOGFILE WHAT [PID]
# Waits while the started process lives; every 30 s it says how long it has waited and what the
# log last said, so a slow start (dockerd removing stale sandboxes after an unclean stop takes
# about 75 ms each) shows progress instead of looking hung.
wait_for() {
  local started=$SECONDS deadline=$((SECONDS + $1)) probe=$2 logfile=$3 what=$4 pid=${5:-}
  local next_note=$((SECONDS + 30))
  until "$probe"; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      log_tail "$logfile"
      die "$what exited before it answered (log: $logfile)"
    fi
    if ((SECONDS >= deadline)); then
      log_tail "$logfile"
      die "$what did not answer within $1 s (log: $logfile)"
    fi
    if ((SECONDS >= next_note)); then
      say "$what: still starting after $((SECONDS - started)) s; last log line: $(tail -n 1 "$logfile" 2>/dev/null | cut -c1-160)"
      next_note=$((SECONDS + 30))
    fi
    sleep 0.2
  done
}

# ---------------------------------------------------------------- pid files

pidfile() { printf '%s/%s.pid' "$STATE_DIR" "$1"; }

# The recorded pid of NAME if that process still runs the expected program (guards against reuse).
live_pid() { # name expected-comm
  local f pid comm
  f=$(pidfile "$1")
  [[ -f "$f" ]] || return 1
  pid=$(<"$f")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  [[ "$comm" == "$2" ]] || return 1
  printf '%s' "$pid"
}

# start_bg NAME LOGFILE CMD... : start a daemon in its own session, record its pid.
start_bg() {
  local name=$1 logfile=$2 pid
  shift 2
  printf '\n==== %s %s\n' "$(date -Is)" "$*" >>"$logfile"
  (
    # The daemon keeps none of the caller's other open files: started under `flock LOCK bash engines.sh up`
    # it would otherwise hold the lock for as long as it runs.
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      if [[ $fd =~ ^[0-9]+$ ]] && ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec setsid "$@" </dev/null >>"$logfile" 2>&1
  ) &
  pid=$!
  printf '%s\n' "$pid" >"$(pidfile "$name")"
  STARTED_PID=$pid
}

stop_one() { # name expected-comm grace-seconds
  local name=$1 comm=$2 grace=$3 pid f
  f=$(pidfile "$name")
  if ! pid=$(live_pid "$name" "$comm"); then
    if [[ -f "$f" ]]; then
      rm -f "$f"
      say "$name: not running (stale pid file removed)"
    else
      say "$name: not started by this script"
    fi
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + grace))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    say "$name: pid $pid still running after ${grace}s, sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$f"
  say "$name: stopped (pid $pid)"
}

# ---------------------------------------------------------------- install

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || printf '%s\n' "$p"
  done
}

install_packages() {
  STEP="install the engine packages"
  local missing
  missing=$(missing_packages | tr '\n' ' ')
  [[ -z "${missing// /}" ]] && return 0
  ((EUID == 0)) || die "packages are missing ($missing) and installing them needs root"
  say "installing: $missing(log: $STATE_DIR/install.log)"
  local ilog="$STATE_DIR/install.log"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -q \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${PACKAGES[@]}"; } >>"$ilog" 2>&1; then
    log_tail "$ilog"
    die "apt-get failed (log: $ilog)"
  fi
}

# ---------------------------------------------------------------- Docker Engine

start_docker() {
  STEP="start Docker Engine"
  if docker_answers; then say "docker: already answering on $DOCKER_SOCK"; return 0; fi
  ((EUID == 0)) || die "dockerd is not running and starting it needs root"
  if [[ -f /var/run/docker.pid ]]; then
    local old
    old=$(cat /var/run/docker.pid 2>/dev/null || true)
    if [[ -n "$old" ]] && kill -0 "$old" 2>/dev/null; then
      die "a dockerd (pid $old) runs but does not answer on $DOCKER_SOCK"
    fi
    rm -f /var/run/docker.pid
  fi
  start_bg dockerd "$STATE_DIR/dockerd.log" \
    dockerd --iptables=false --ip6tables=false --bridge=none --host "unix://$DOCKER_SOCK"
  wait_for 600 docker_answers "$STATE_DIR/dockerd.log" "dockerd" "$STARTED_PID"
  say "docker: started (pid $STARTED_PID)"
}

# ---------------------------------------------------------------- Podman

# Write FILE with CONTENT unless it already holds exactly that; returns 0 when it changed.
write_if_changed() {
  local file=$1 content=$2
  if [[ -f "$file" ]] && [[ "$(cat "$file")" == "$content" ]]; then return 1; fi
  mkdir -p "$(dirname "$file")"
  printf '%s\n' "$content" >"$file"
  return 0
}

configure_podman() {
  STEP="configure Podman"
  PODMAN_CONF_CHANGED=0
  ((EUID == 0)) || { say "podman: not root, leaving its configuration as it is"; return 0; }
  # Drop-in files: Podman 4.3 merges /etc/containers/containers.conf.d/*.conf over containers.conf
  # and /etc/containers/registries.conf.d/*.conf over registries.conf, so nothing else is touched.
  if write_if_changed "$CONTAINERS_CONF_DROPIN" '# Written by imgctl scripts/engines.sh: needed to run containers in this sandbox.
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

[engine]
runtime = "runc"'; then PODMAN_CONF_CHANGED=1; fi
  if write_if_changed "$REGISTRIES_CONF_DROPIN" '# Written by imgctl scripts/engines.sh: the loopback test registries speak plain HTTP.
[[registry]]
location = "localhost:5000"
insecure = true

[[registry]]
location = "localhost:5001"
insecure = true'; then PODMAN_CONF_CHANGED=1; fi
  return 0
}

start_podman() {
  STEP="start the Podman API service"
  if podman_answers; then
    if ((PODMAN_CONF_CHANGED)); then
      local pid
      if pid=$(live_pid podman podman); then
        say "podman: configuration changed, restarting the service (pid $pid)"
        stop_one podman podman 15 >/dev/null
      else
        say "podman: WARNING configuration changed but the running service was not started here; restart it"
        return 0
      fi
    else
      say "podman: already answering on $PODMAN_SOCK"
      return 0
    fi
  fi
  ((EUID == 0)) || die "the Podman service is not running and starting it needs root"
  mkdir -p "$(dirname "$PODMAN_SOCK")"
  # A socket file left by a killed service makes bind fail.
  [[ -S "$PODMAN_SOCK" ]] && rm -f "$PODMAN_SOCK"
  start_bg podman "$STATE_DIR/podman.log" podman system service --time=0 "unix://$PODMAN_SOCK"
  wait_for 300 podman_answers "$STATE_DIR/podman.log" "the Podman service" "$STARTED_PID"
  say "podman: started (pid $STARTED_PID)"
}

# ---------------------------------------------------------------- registries

write_registry_config() { # file addr rootdir [htpasswd]
  local auth=""
  if [[ -n "${4:-}" ]]; then
    auth="
auth:
  htpasswd:
    realm: imgctl-test
    path: $4"
  fi
  write_if_changed "$1" "version: 0.1
log:
  level: info
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $3
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: $2$auth" || true
}

start_registry() {
  STEP="start the registry on $REGISTRY_ADDR"
  if registry_answers; then say "registry: already answering on $REGISTRY_ADDR"; return 0; fi
  mkdir -p "$STATE_DIR/registry"
  write_registry_config "$STATE_DIR/registry.yml" "$REGISTRY_ADDR" "$STATE_DIR/registry"
  start_bg registry "$STATE_DIR/registry.log" docker-registry serve "$STATE_DIR/registry.yml"
  wait_for 30 registry_answers "$STATE_DIR/registry.log" "the registry" "$STARTED_PID"
  say "registry: started on $REGISTRY_ADDR (pid $STARTED_PID)"
}

start_auth_registry() {
  STEP="start the password-protected registry on $AUTH_REGISTRY_ADDR"
  if auth_registry_answers; then say "registry-auth: already answering on $AUTH_REGISTRY_ADDR"; return 0; fi
  local htpasswd_file="$STATE_DIR/registry-auth.htpasswd"
  if [[ ! -s "$htpasswd_file" ]]; then
    htpasswd -Bbn "$AUTH_USER" "$AUTH_PASSWORD" >"$htpasswd_file.tmp" 2>>"$LOG" \
      || die "htpasswd could not write $htpasswd_file"
    mv "$htpasswd_file.tmp" "$htpasswd_file"
  fi
  mkdir -p "$STATE_DIR/registry-auth"
  write_registry_config "$STATE_DIR/registry-auth.yml" "$AUTH_REGISTRY_ADDR" \
    "$STATE_DIR/registry-auth" "$htpasswd_file"
  start_bg registry-auth "$STATE_DIR/registry-auth.log" \
    docker-registry serve "$STATE_DIR/registry-auth.yml"
  wait_for 30 auth_registry_answers "$STATE_DIR/registry-auth.log" "the password-protected registry" "$STARTED_PID"
  say "registry-auth: started on $AUTH_REGISTRY_ADDR (pid $STARTED_PID, user $AUTH_USER)"
}

# ---------------------------------------------------------------- test images

local_image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

build_test_images() {
  STEP="build and push the test images"
  if registry_has imgctl/base 1 && registry_has imgctl/derived 1; then
    say "images: $BASE_IMAGE and $DERIVED_IMAGE already in the registry"
    return 0
  fi
  local work
  work=$(mktemp -d)
  # shellcheck disable=SC2064
  trap "rm -rf '$work'; trap - RETURN" RETURN
  local rebuilt_base=0
  if ! local_image_exists "$BASE_IMAGE"; then
    [[ -x /bin/busybox ]] || die "/bin/busybox is missing (package busybox-static)"
    mkdir -p "$work/rootfs/bin" "$work/rootfs/tmp" "$work/rootfs/etc"
    cp /bin/busybox "$work/rootfs/bin/busybox"
    local applet
    for applet in sh echo cat sleep ls true false; do ln -s busybox "$work/rootfs/bin/$applet"; done
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
      -C "$work/rootfs" -cf "$work/base.tar" .
    quietly docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["sh"]' \
      "$work/base.tar" "$BASE_IMAGE" || die "docker import of the busybox rootfs failed (log: $LOG)"
    rebuilt_base=1
  fi
  if ((rebuilt_base)) || ! local_image_exists "$DERIVED_IMAGE"; then
    mkdir -p "$work/ctx"
    printf 'imgctl derived test image\n' >"$work/ctx/hello.txt"
    printf 'FROM %s\nCOPY hello.txt /hello.txt\n' "$BASE_IMAGE" >"$work/ctx/Dockerfile"
    DOCKER_BUILDKIT=0 quietly docker build --network none -t "$DERIVED_IMAGE" "$work/ctx" \
      || die "docker build of $DERIVED_IMAGE failed (log: $LOG)"
  fi
  quietly docker push "$BASE_IMAGE" || die "docker push $BASE_IMAGE failed (log: $LOG)"
  quietly docker push "$DERIVED_IMAGE" || die "docker push $DERIVED_IMAGE failed (log: $LOG)"
  say "images: pushed $BASE_IMAGE and $DERIVED_IMAGE"
  # Prove Podman can pull from the plain-HTTP registry; leave its store as it was.
  if command -v podman >/dev/null && ! podman image exists "$BASE_IMAGE" 2>/dev/null; then
    STEP="pull $BASE_IMAGE with Podman"
    quietly podman pull -q "$BASE_IMAGE" || die "podman pull $BASE_IMAGE failed (log: $LOG)"
    quietly podman rmi "$BASE_IMAGE" || true
    say "images: podman can pull $BASE_IMAGE"
  fi
}

# ---------------------------------------------------------------- commands

status() {
  local pid
  show() { # label probe name comm where
    local state="down" owner=""
    "$2" && state="up"
    if pid=$(live_pid "$3" "$4"); then owner=" (pid $pid, started by engines.sh)"; fi
    printf '  %-14s %-5s %s%s\n' "$1" "$state" "$5" "$owner"
  }
  echo "engines: status (state dir $STATE_DIR)"
  show docker docker_answers dockerd dockerd "unix://$DOCKER_SOCK"
  show podman podman_answers podman podman "unix://$PODMAN_SOCK"
  show registry registry_answers registry docker-registry "http://$REGISTRY_ADDR"
  show registry-auth auth_registry_answers registry-auth docker-registry \
    "http://$AUTH_REGISTRY_ADDR (user $AUTH_USER / $AUTH_PASSWORD)"
  if registry_answers; then
    local img
    for img in imgctl/base:1 imgctl/derived:1; do
      if registry_has "${img%:*}" "${img#*:}"; then
        printf '  %-14s %-5s %s\n' image present "localhost:5000/$img"
      else
        printf '  %-14s %-5s %s\n' image absent "localhost:5000/$img"
      fi
    done
  fi
}

up() {
  local t0=$SECONDS
  mkdir -p "$STATE_DIR"
  install_packages
  start_docker
  configure_podman
  start_podman
  start_registry
  start_auth_registry
  build_test_images
  STEP="report the status"
  status
  say "up in $((SECONDS - t0)) s"
}

down() {
  mkdir -p "$STATE_DIR"
  stop_one registry-auth docker-registry 10
  stop_one registry docker-registry 10
  stop_one podman podman 15
  stop_one dockerd dockerd 30
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
