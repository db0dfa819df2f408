#!/usr/bin/env bash
# Lints the container files without a Docker engine (none runs in this workplace):
#   Dockerfile   syntax and instruction flags (dockerfile-utils), and the final stage's policy: more than one stage,
#                a non-root USER, a HEALTHCHECK and a CMD
#   compose.yaml the Compose Specification schema and best practices (dclint, default rules)
#   nginx.conf   nginx -t, with the replica host names pointed at loopback (they resolve only inside compose);
#                skipped with a message where nginx is not installed (Debian: apt-get install nginx-light)
# Exits non-zero when any check fails. CI calls it from .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
failed=()
step() { printf '\n-- %s\n' "$*"; }

step "Dockerfile: dockerfile-utils lint"
npx --no-install dockerfile-utils lint Dockerfile || failed+=("dockerfile-utils")

step "Dockerfile: final stage policy"
awk '
  /^[[:space:]]*#/ { next }
  { line = line $0 }
  /\\[[:space:]]*$/ { sub(/\\[[:space:]]*$/, " ", line); next }
  {
    $0 = line; line = ""
    keyword = toupper($1)
    if (keyword == "FROM") { stages++; user = "root"; health = 0; cmd = 0 }
    else if (keyword == "USER") user = $2
    else if (keyword == "HEALTHCHECK" && toupper($2) != "NONE") health = 1
    else if (keyword == "CMD" || keyword == "ENTRYPOINT") cmd = 1
  }
  END {
    if (stages < 2) problems = problems "\n  one stage only: build in a separate stage"
    if (user == "root" || user == "0" || user ~ /^(root|0):/) problems = problems "\n  the final stage runs as root: add USER"
    if (!health) problems = problems "\n  the final stage has no HEALTHCHECK"
    if (!cmd) problems = problems "\n  the final stage has no CMD or ENTRYPOINT"
    if (problems != "") { print "Dockerfile:" problems; exit 1 }
    print "ok: " stages " stages, final stage runs as " user " with a HEALTHCHECK and a CMD"
  }
' Dockerfile || failed+=("Dockerfile policy")

step "compose.yaml: dclint"
npx --no-install dclint compose.yaml && echo "ok: compose.yaml" || failed+=("dclint")

step "deploy/nginx.conf: nginx -t"
if command -v nginx >/dev/null 2>&1; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  sed -E 's/server bot-[0-9]+:3978/server 127.0.0.1:3978/' deploy/nginx.conf >"$work/nginx.conf"
  nginx -t -q -c "$work/nginx.conf" -p "$work" -e "$work/error.log" && echo "ok: deploy/nginx.conf" || failed+=("nginx -t")
else
  echo "nginx is not installed: nginx -t skipped (Debian: apt-get install nginx-light)"
fi

if [ ${#failed[@]} -gt 0 ]; then
  printf '\ncontainer lint failed: %s\n' "${failed[*]}"
  exit 1
fi
printf '\ncontainer lint passed\n'
