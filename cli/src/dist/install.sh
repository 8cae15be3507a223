#!/usr/bin/env bash
# Installs imgctl from this unpacked release, where it is (nothing is copied):
#   1. records a static AppCDS archive for this location, lib/imgctl.jsa: a training run (version,
#      help, ref, the demo on the built-in engine, images and ps -a on Docker and Podman against canned
#      answers; offline, no engine needed, a few seconds) lists the classes it loads, then the JVM dumps
#      them into the archive, which later runs map instead of loading (JDK 17 ties the archive to the
#      jars' absolute paths, so it is made here, not shipped);
#   2. links BIN_DIR/imgctl to bin/imgctl (default ~/.local/bin);
#   3. writes bash completion to ${XDG_DATA_HOME:-~/.local/share}/bash-completion/completions/imgctl,
#      which bash-completion loads on demand.
#
#   ./install.sh [--bin-dir DIR] [--no-completion] [--no-cds] [--cds-only]
#
# Needs Java 17 or newer ($JAVA_HOME/bin/java, else java on PATH). Run it again after moving the
# directory. Uninstall: remove the link, the completion file and this directory.
set -Eeuo pipefail
# Its own commands run in JVMs of their own: the training run must be one, and an installer leaves no
# resident server behind.
export IMGCTL_RESIDENT=off

home="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
bin_dir="$HOME/.local/bin" completion=1 cds=1 link=1
while (($#)); do
  case "$1" in
    --bin-dir) bin_dir=${2:?--bin-dir needs a directory}; shift ;;
    --no-completion) completion=0 ;;
    --no-cds) cds=0 ;;
    --cds-only) completion=0 link=0 ;;
    -h | --help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

imgctl="$home/bin/imgctl"
"$imgctl" --version >/dev/null || { echo "install.sh: $imgctl does not run (is Java 17 or newer installed?)" >&2; exit 1; }

if ((cds)); then
  rm -f "$home/lib/imgctl.jsa" "$home/lib/imgctl.classlist"
  # Both steps through the launcher itself, so that the archive records exactly its class path. A
  # static archive, unlike one dumped at exit (-XX:ArchiveClassesAtExit), also holds picocli's
  # classes (compiled for Java 5).
  if IMGCTL_JAVA_OPTS="-XX:DumpLoadedClassList=$home/lib/imgctl.classlist -Dimgctl.cds.training=true" \
      "$imgctl" >"$home/lib/imgctl.jsa.log" 2>&1 &&
    IMGCTL_JAVA_OPTS="-Xshare:dump -XX:SharedClassListFile=$home/lib/imgctl.classlist -XX:SharedArchiveFile=$home/lib/imgctl.jsa" \
      "$imgctl" >>"$home/lib/imgctl.jsa.log" 2>&1 && [[ -s "$home/lib/imgctl.jsa" ]]; then
    echo "AppCDS archive: $home/lib/imgctl.jsa"
  else
    rm -f "$home/lib/imgctl.jsa"
    echo "install.sh: the AppCDS training run failed (see $home/lib/imgctl.jsa.log); imgctl works, starting a little slower" >&2
  fi
fi

if ((link)); then
  mkdir -p "$bin_dir"
  ln -sfn "$imgctl" "$bin_dir/imgctl"
  echo "linked: $bin_dir/imgctl -> $imgctl"
  case ":$PATH:" in
    *":$bin_dir:"*) ;;
    *) echo "note: $bin_dir is not on PATH; add it, e.g. echo 'export PATH=\"$bin_dir:\$PATH\"' >> ~/.bashrc" ;;
  esac
fi

if ((completion)); then
  dir="${XDG_DATA_HOME:-$HOME/.local/share}/bash-completion/completions"
  mkdir -p "$dir"
  "$imgctl" completion bash >"$dir/imgctl"
  echo "bash completion: $dir/imgctl (new shells; zsh: add 'source <(imgctl completion zsh)' to ~/.zshrc)"
fi
